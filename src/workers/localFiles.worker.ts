// Reads the person's local files off the main thread (localFiles.ts): headers for the index, frames for images.
import { indexFile, readFrames } from './localFiles';
import type { IndexOutcome, LocalFilesRequest, LocalFilesResponse } from './localFilesProtocol';

function post(msg: LocalFilesResponse, transfer: Transferable[] = []): void {
  (self as unknown as { postMessage(m: unknown, t: Transferable[]): void }).postMessage(msg, transfer);
}

self.onmessage = async (ev: MessageEvent<LocalFilesRequest>) => {
  const req = ev.data;
  try {
    if (req.kind === 'index') {
      const outcomes: IndexOutcome[] = [];
      let last = 0;
      for (const f of req.files) {
        outcomes.push(await indexFile(f.blob, f.path, req.root));
        if (performance.now() - last > 100) {
          last = performance.now();
          post({ id: req.id, kind: 'progress', done: outcomes.length, total: req.files.length });
        }
      }
      post({ id: req.id, kind: 'indexed', outcomes });
    } else {
      const r = await readFrames(req.blob, req.path, req.frames);
      post({ id: req.id, kind: 'frames', ...r }, r.frames.map((f) => f.buffer));
    }
  } catch (e) {
    post({ id: req.id, kind: 'error', message: e instanceof Error ? e.message : String(e) });
  }
};
