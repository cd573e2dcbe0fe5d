// Files -> what analysis/ works on, for the command line: annotations (SEG, RTSTRUCT) decoded by the viewer's
// own decoders, and the image series they lie on.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { seq, str } from '../dicom/json';
import { readPart10 } from '../dicom/part10';
import { headerJson } from '../dicom/summary';
import { parseSegmentation } from '../dicom/seg/parse';
import { segmentationPixels } from '../dicom/seg/pixels';
import { decodeStructureSetPart10 } from '../dicom/rtstruct/part10';
import { readImageVolume, type ImageVolume } from '../dicom/image/imageVolume';
import type { ImagePlane } from '../dicom/geometry/plane';
import type { VolumeGrid } from '../dicom/geometry/volumeGrid';
import { rtstructAnnotation, segAnnotation, type Annotation } from '../analysis/annotations';
import { segmentationGrid } from '../analysis/segmentationGrid';
import { nodeFrameDecoder } from './codecs';
import { Tag } from '../dicom/tags';

export const SEG_CLASSES = new Set(['1.2.840.10008.5.1.4.1.1.66.4', '1.2.840.10008.5.1.4.1.1.66.7']);
export const RTSTRUCT_CLASS = '1.2.840.10008.5.1.4.1.1.481.3';
const NOT_IMAGES = new Set(['SEG', 'RTSTRUCT', 'SR', 'KO', 'PR', 'RTPLAN', 'RTDOSE', 'REG', 'DOC']);

export async function readBytes(file: string): Promise<Uint8Array> {
  const b = await readFile(file);
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const name of (await readdir(dir)).sort()) {
    const p = path.join(dir, name);
    if ((await stat(p)).isDirectory()) out.push(...(await filesUnder(p)));
    else out.push(p);
  }
  return out;
}

/**
 * The image series in `dir` (recursively): the one in `frameOfReferenceUID` with the most instances, or the
 * largest when none is given. Files that are not DICOM images are skipped.
 */
export async function loadImages(dir: string, frameOfReferenceUID?: string | null): Promise<ImageVolume> {
  const bySeries = new Map<string, { frame: string | null; files: Array<{ name: string; bytes: Uint8Array }> }>();
  for (const file of await filesUnder(dir)) {
    const bytes = await readBytes(file);
    let ds;
    try {
      ds = headerJson(readPart10(bytes, path.basename(file), { untilPixelData: true }).dict);
    } catch {
      continue;
    }
    if (NOT_IMAGES.has(str(ds, Tag.Modality) ?? '')) continue;
    const series = str(ds, Tag.SeriesInstanceUID) ?? '';
    const entry = bySeries.get(series) ?? { frame: str(ds, Tag.FrameOfReferenceUID) ?? null, files: [] };
    entry.files.push({ name: path.basename(file), bytes });
    bySeries.set(series, entry);
  }
  const candidates = [...bySeries.values()].filter((s) => !frameOfReferenceUID || s.frame === frameOfReferenceUID);
  if (!candidates.length) {
    throw new Error(`${dir}: no image series${frameOfReferenceUID ? ` in frame of reference ${frameOfReferenceUID}` : ''}`);
  }
  candidates.sort((a, b) => b.files.length - a.files.length);
  return readImageVolume(candidates[0].files, nodeFrameDecoder());
}

export interface LoadedObject {
  kind: 'SEG' | 'RTSTRUCT' | 'other';
  sopClassUID: string;
  frameOfReferenceUID: string | null;
}

/** What a file is, from its header. */
export async function objectKind(file: string): Promise<LoadedObject> {
  const ds = headerJson(readPart10(await readBytes(file), path.basename(file), { untilPixelData: true }).dict);
  const sopClassUID = str(ds, Tag.SOPClassUID) ?? '';
  const kind = SEG_CLASSES.has(sopClassUID) ? 'SEG' : sopClassUID === RTSTRUCT_CLASS ? 'RTSTRUCT' : 'other';
  const frame = str(ds, Tag.FrameOfReferenceUID) ?? str(seq(ds, Tag.ReferencedFrameOfReferenceSequence)[0], Tag.FrameOfReferenceUID);
  return { kind, sopClassUID, frameOfReferenceUID: frame ?? null };
}

/** Planes of a grid as ImagePlanes (what SEG placement takes). */
export function gridPlanes(grid: VolumeGrid): ImagePlane[] {
  return grid.planes.map((p) => ({ ...p, sopInstanceUID: 'sopInstanceUID' in p ? (p as ImagePlane).sopInstanceUID : '', frameNumber: null }));
}

/**
 * A SEG or RTSTRUCT file as an annotation. A SEG is decoded on `grid` when given (the images), else on its own
 * grid; an RTSTRUCT needs no grid until it is rasterised.
 */
export async function loadAnnotation(file: string, grid?: VolumeGrid | null): Promise<Annotation> {
  const name = path.basename(file);
  const bytes = await readBytes(file);
  const p10 = readPart10(bytes, name);
  const sopClassUID = str(headerJson(p10.dict), Tag.SOPClassUID) ?? '';
  if (sopClassUID === RTSTRUCT_CLASS) return rtstructAnnotation(decodeStructureSetPart10(bytes, name), name);
  if (!SEG_CLASSES.has(sopClassUID)) throw new Error(`${name}: SOP class ${sopClassUID} is neither a SEG nor an RTSTRUCT`);
  const seg = parseSegmentation(p10, name);
  const pixels = segmentationPixels(p10, seg, nodeFrameDecoder());
  // named by file, as the user gave it (objectName adds the SeriesDescription)
  if (grid) return { ...(await segAnnotation(seg, pixels, gridPlanes(grid), grid.frameOfReferenceUID)), name };
  const own = segmentationGrid(seg);
  if (!own.grid) throw new Error(own.problem);
  return { ...(await segAnnotation(seg, pixels, gridPlanes(own.grid), seg.frameOfReferenceUID)), name };
}
