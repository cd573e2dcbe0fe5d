// The CT grid of a generated study (bigSeg.ts), read from its own files as the viewer would: shared by the Node
// benches that decode its SEGs.
import { readPart10 } from '../src/dicom/part10';
import { headerJson } from '../src/dicom/summary';
import { str } from '../src/dicom/json';
import { imagePlanesOf } from '../src/dicom/geometry/imagePlanes';
import { volumeGrid, type VolumeGrid } from '../src/dicom/geometry/volumeGrid';
import { Tag } from '../src/dicom/tags';

/** The CT files' planes, Frame of Reference and volume grid (the files whose name does not start with BIG_SEG). */
export function generatedCtGrid(files: Array<{ name: string; bytes: Uint8Array }>): { planes: ReturnType<typeof imagePlanesOf>; frame: string | null; grid: VolumeGrid } {
  const cts = files.filter((f) => !f.name.startsWith('BIG_SEG'));
  const headers = cts.map((f) => headerJson(readPart10(f.bytes, f.name, { untilPixelData: true }).dict));
  const planes = headers.flatMap(imagePlanesOf);
  const frame = str(headers[0], Tag.FrameOfReferenceUID) ?? null;
  const made = volumeGrid(planes, frame);
  if (!made.grid) throw new Error(made.problem);
  return { planes, frame, grid: made.grid };
}
