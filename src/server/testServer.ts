// Start the embedded DICOMweb endpoint on an ephemeral loopback port (tests and benchmarks).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildIndex, type FolderIndex } from './folderIndex';
import { createDicomwebHandler } from './dicomwebHandler';

export interface EmbeddedServer {
  root: string;
  index: FolderIndex;
  close(): Promise<void>;
}

export async function startEmbeddedServer(folders: string[], mount = '/dicomweb'): Promise<EmbeddedServer> {
  const index = await buildIndex(folders);
  const handler = createDicomwebHandler(index, { mount });
  const server: Server = createServer((req, res) => {
    void handler(req, res, () => {
      res.statusCode = 404;
      res.end('not found');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    root: `http://127.0.0.1:${port}${mount}`,
    index,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
