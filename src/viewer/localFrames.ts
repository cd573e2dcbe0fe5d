// Frames of local files (dropped, picked, or fetched by `?url=`): their image ids are the same wadors ids a server's
// images have (so every path that reads an image id is unchanged), under the local source's root, and their
// bytes come from the source rather than an XMLHttpRequest. Decoding is the loader's own (createImage, its
// workers and codecs), as for frames from a server.
import { createImage } from '@cornerstonejs/dicom-image-loader';

export interface LocalFrameSource {
  /** the root its image ids start with (after `wadors:`) */
  root: string;
  /** the frame a URL names, in the transfer syntax it is stored in */
  frames(url: string): Promise<{ frames: Uint8Array[]; transferSyntaxUID: string }>;
}

/** The source of the page shown now (one page at a time; a page reading a server sets none). */
let source: LocalFrameSource | undefined;

export function setLocalFrameSource(s: LocalFrameSource | undefined): void {
  source = s;
}

type Options = NonNullable<Parameters<typeof createImage>[3]>;

/** The image, when `imageId` is a local file's frame; null for any other image id (a server's). */
export function loadLocalImage(imageId: string, options?: Options): { promise: Promise<unknown>; cancelFn: undefined } | null {
  const url = imageId.replace(/^wadors:/, '');
  const s = source;
  if (!s || !url.startsWith(`${s.root}/`)) return null;
  const promise = s.frames(url).then(({ frames, transferSyntaxUID }) => createImage(imageId, frames[0], transferSyntaxUID, { ...options }));
  return { promise, cancelFn: undefined };
}
