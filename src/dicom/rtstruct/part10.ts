// RTSTRUCT straight from Part 10 bytes (CLI, tests, workers given a file): dcmjs parses, headerJson turns the
// dataset into the DICOM JSON the decoder reads, so both entry points share one decoder.
import { readPart10 } from '../part10';
import { headerJson } from '../summary';
import { decodeStructureSet, type DecodeStructureSetOptions } from './decode';
import type { StructureSet } from './model';

/** Throws DicomReadError (with `name`) when the bytes are not a readable Part 10 file. */
export function decodeStructureSetPart10(
  buffer: ArrayBuffer | Uint8Array,
  name: string,
  opts: DecodeStructureSetOptions = {},
): StructureSet {
  return decodeStructureSet(headerJson(readPart10(buffer, name).dict), opts);
}
