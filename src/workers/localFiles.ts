// Local files as the page's DICOMweb would see them: a header read of each file (Study/Series/SOP Instance UIDs
// and DICOM JSON, as the embedded server indexes a folder) and the frames of an image file. Plain functions over
// Blobs, so they run the same in the worker and in Node's tests.
import { isPart10, readPart10Async, toDicomJson } from '../dicom/part10';
import { getFrames } from '../dicom/frames';
import { str } from '../dicom/json';
import { Tag } from '../dicom/tags';
import type { IndexOutcome } from './localFilesProtocol';

/**
 * The header is read from this much of a file first: the pixels of an image never need reading to index it. A
 * file whose Pixel Data does not start within it (an SR, an RTSTRUCT with many contours, a SEG's big header)
 * is read whole.
 */
export const HEADER_BYTES = 1 << 20;
const DEFLATED = '1.2.840.10008.1.2.1.99';

/** True when the (7FE0,0010) tag bytes occur in `bytes`: Pixel Data starts within them (as the server checks). */
function holdsPixelDataTag(bytes: Uint8Array): boolean {
  for (let i = 132; i + 3 < bytes.length; i++) {
    if (bytes[i] === 0xe0 && bytes[i + 1] === 0x7f && bytes[i + 2] === 0x10 && bytes[i + 3] === 0x00) return true;
  }
  return false;
}

async function bytesOf(blob: Blob, end?: number): Promise<Uint8Array> {
  return new Uint8Array(await (end === undefined || end >= blob.size ? blob : blob.slice(0, end)).arrayBuffer());
}

/** One file: indexed, not DICOM (skipped quietly, counted), or a DICOM file that cannot be used (named). */
export async function indexFile(blob: Blob, path: string, root: string, headerBytes = HEADER_BYTES): Promise<IndexOutcome> {
  let head: Uint8Array;
  try {
    head = await bytesOf(blob, headerBytes);
  } catch (e) {
    return { kind: 'problem', path, reason: `cannot be read (${(e as Error).message})` };
  }
  if (!isPart10(head)) return { kind: 'not-dicom', path };
  try {
    // No Pixel Data within the first read: the header goes on past it, read the file whole at once.
    if (head.length < blob.size && !holdsPixelDataTag(head)) head = await bytesOf(blob);
    const whole = head.length === blob.size;
    const fromHead = whole ? await readPart10Async(head, path, { untilPixelData: true }) : await readPart10Async(head, path, { untilPixelData: true }).catch(() => null);
    let p10 = fromHead;
    // A prefix cut inside the header reads as damaged (or not at all): read the whole file then.
    if (!p10 || (!whole && (p10.damaged || p10.transferSyntaxUID === DEFLATED || !holdsPixelDataTag(head)))) {
      head = await bytesOf(blob);
      p10 = await readPart10Async(head, path, { untilPixelData: true });
    }
    const hasPixels = holdsPixelDataTag(head);
    head = new Uint8Array(0);
    const probe = toDicomJson(p10.dict, { inlineLimit: 0, bulkDataURI: () => '' });
    const studyUID = str(probe, Tag.StudyInstanceUID);
    const seriesUID = str(probe, Tag.SeriesInstanceUID);
    const sopUID = str(probe, Tag.SOPInstanceUID);
    if (!studyUID || !seriesUID || !sopUID) {
      return { kind: 'problem', path, reason: 'has no Study, Series or SOP Instance UID (a DICOMDIR?)' };
    }
    const base = `${root}/studies/${studyUID}/series/${seriesUID}/instances/${sopUID}`;
    const json = toDicomJson(p10.dict, { inlineLimit: 4096, bulkDataURI: (p) => `${base}/bulk/${p.join('/')}` });
    // Pixel Data was not parsed (untilPixelData); advertised as bulk data all the same, as the server does.
    if (!json[Tag.PixelData] && hasPixels) json[Tag.PixelData] = { vr: 'OW', BulkDataURI: `${base}/bulk/${Tag.PixelData}` };
    json[Tag.AvailableTransferSyntaxUID] = { vr: 'UI', Value: [p10.transferSyntaxUID] };
    return { kind: 'indexed', file: { path, studyUID, seriesUID, sopUID, transferSyntaxUID: p10.transferSyntaxUID, json } };
  } catch (e) {
    return { kind: 'problem', path, reason: (e as Error).message };
  }
}

/** Frames (1-based) of an image file, as WADO-RS would send them, with the transfer syntax they are in. */
export async function readFrames(blob: Blob, path: string, frames: number[]): Promise<{ frames: Uint8Array[]; transferSyntaxUID: string }> {
  const p10 = await readPart10Async(await bytesOf(blob), path);
  const all = getFrames(p10.dict, p10.transferSyntaxUID);
  const bad = frames.filter((n) => !Number.isInteger(n) || n < 1 || n > all.length);
  if (bad.length) throw new Error(`${path}: frame ${bad.join(',')} out of range 1..${all.length}`);
  // A deflated data set's frames are plain little endian once inflated.
  const ts = p10.transferSyntaxUID === DEFLATED ? '1.2.840.10008.1.2.1' : p10.transferSyntaxUID;
  // Copies: each goes to the page as a transferable of its own size, not the whole file's buffer.
  return { frames: frames.map((n) => all[n - 1].slice()), transferSyntaxUID: ts };
}
