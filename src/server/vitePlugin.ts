// Mounts read-only DICOMweb endpoints over folders into Vite's dev and preview servers.
import type { Plugin } from 'vite';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { buildIndex, type FolderIndex } from './folderIndex';
import { createDicomwebHandler } from './dicomwebHandler';

export interface Mount {
  /** URL path, e.g. '/dicomweb' */
  path: string;
  folders: string[];
  /** whole-instance answers paced at this many bytes per second (see DicomwebHandlerOptions) */
  throttleBytesPerSecond?: number;
}

export interface MountedIndex {
  mount: Mount;
  index: FolderIndex;
}

export async function indexMounts(mounts: Mount[]): Promise<MountedIndex[]> {
  const out: MountedIndex[] = [];
  for (const mount of mounts) out.push({ mount, index: await buildIndex(mount.folders) });
  return out;
}

export function dicomwebPlugin(mounted: MountedIndex[]): Plugin {
  // Longest mount first, so '/dicomweb-x' is not taken by '/dicomweb'.
  const handlers = [...mounted]
    .sort((a, b) => b.mount.path.length - a.mount.path.length)
    .map((m) => createDicomwebHandler(m.index, { mount: m.mount.path, throttleBytesPerSecond: m.mount.throttleBytesPerSecond }));
  const middleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void): void => {
    let i = 0;
    const step = (err?: unknown): void => {
      if (err) return next(err);
      const h = handlers[i++];
      if (!h) return next();
      void h(req, res, step);
    };
    step();
  };
  return {
    name: 'embedded-dicomweb',
    configureServer(server) {
      server.middlewares.use(middleware);
    },
    configurePreviewServer(server) {
      server.middlewares.use(middleware);
    },
  };
}
