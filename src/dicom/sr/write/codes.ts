// The coded concepts the measurement report writer uses beyond those the reader knows (../concepts.ts). The
// quantities are those Cornerstone's tools measure, with the codes dcmjs and OHIF write and read for them (so
// OHIF, IDC's viewer, finds Mean, Area ... by the names it expects), all from PS3.16 CID 7470-7472 / CID 7464.
import type { Code } from '../../codes/code';

const dcm = (code: string, meaning: string): Code => ({ code, scheme: 'DCM', meaning });
const sct = (code: string, meaning: string): Code => ({ code, scheme: 'SCT', meaning });

export const WriterCodes = {
  EnglishUS: { code: 'en-US', scheme: 'RFC5646', meaning: 'English (United States)' },
  Device: dcm('121007', 'Device'),
  ImagingProcedure: sct('363679005', 'Imaging procedure'),
  ImageRegion: dcm('111030', 'Image Region'),
  Length: sct('410668003', 'Length'),
  LongAxis: sct('103339001', 'Long Axis'),
  ShortAxis: sct('103340004', 'Short Axis'),
  Area: sct('42798000', 'Area'),
  Mean: sct('373098007', 'Mean'),
  StandardDeviation: sct('386136009', 'Standard Deviation'),
  Minimum: sct('255605001', 'Minimum'),
  Maximum: sct('56851009', 'Maximum'),
} as const satisfies Record<string, Code>;

/** The Modality of an image library group, CID 29 (the codes are the Modality values themselves). */
const MODALITY_MEANINGS: Record<string, string> = {
  CT: 'Computed Tomography',
  MR: 'Magnetic Resonance',
  PT: 'Positron emission tomography',
  NM: 'Nuclear Medicine',
  US: 'Ultrasound',
  CR: 'Computed Radiography',
  DX: 'Digital Radiography',
  MG: 'Mammography',
  XA: 'X-Ray Angiography',
  SM: 'Slide Microscopy',
};

export function modalityCode(modality: string | null): Code | null {
  const meaning = modality ? MODALITY_MEANINGS[modality] : undefined;
  return modality && meaning ? dcm(modality, meaning) : null;
}
