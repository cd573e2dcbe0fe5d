// Studies of the geometry generator (src/testing/geometryStudy.ts) written as Part 10 files for the viewer, one
// folder each, served as /dw/<mount>: the images (with pixel data), the ellipsoid SEG, the box RTSTRUCT and the
// TID 1500 SR. Small: 16 images of 48 x 64 pixels and three derived objects, about 110 kB a study.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DicomJsonDataset, DicomJsonElement } from '../src/dicom/json';
import { writePart10 } from '../src/dicom/sr/testing/writePart10';
import { GEOMETRY_CASES, GeometryStudy, type GeometryCase } from '../src/testing/geometryStudy';
import type { GeneratedMount } from './generatedFixtures';

const caseNamed = (name: string): GeometryCase => {
  const c = GEOMETRY_CASES.find((g) => g.name === name);
  if (!c) throw new Error(`no geometry case ${name}`);
  return c;
};

/** The mounted studies: mount name -> generator case. */
export const PLACEMENT_STUDIES = {
  axial: { mount: 'geometry-axial', case: caseNamed('axial') },
  axialReversed: { mount: 'geometry-axial-reversed', case: caseNamed('axial, reversed') },
  sagittal: { mount: 'geometry-sagittal', case: caseNamed('sagittal') },
  coronal: { mount: 'geometry-coronal', case: caseNamed('coronal') },
  /** rows along (0.6, 0, 0.8), columns along (0.64, 0.6, -0.48): no patient axis in the image plane */
  oblique: { mount: 'geometry-oblique', case: caseNamed('oblique') },
  /** square pixels (0.9 mm), the control case: every other mount has 0.7 x 1.1 mm pixels */
  axialSquare: { mount: 'geometry-axial-square', case: { ...caseNamed('axial'), name: 'axial, square', pixelSpacing: [0.9, 0.9] as [number, number] } },
} as const;

const RTSTRUCT_SERIES_UID = '2.25.770020001';
const SR_SERIES_UID = '2.25.770030001';

const el = (vr: string, ...values: Array<string | number>): DicomJsonElement => ({ vr, Value: values });

/** The study's patient and study attributes as DICOM JSON, plus a series of its own. */
function header(study: GeometryStudy, series: { uid: string; number: number; description: string; modality: string }): DicomJsonDataset {
  const m = study.patientStudyModule();
  return {
    '00100010': { vr: 'PN', Value: [{ Alphabetic: m.PatientName }] },
    '00100020': el('LO', m.PatientID),
    '0020000D': el('UI', m.StudyInstanceUID),
    '00080020': el('DA', m.StudyDate),
    '00080030': el('TM', m.StudyTime),
    '00200010': el('SH', m.StudyID),
    '00080060': el('CS', series.modality),
    '0020000E': el('UI', series.uid),
    '00200011': el('IS', series.number),
    '0008103E': el('LO', series.description),
    '00200013': el('IS', 1),
  };
}

/** The study's RTSTRUCT (the box, ROI "Box") as Part 10 bytes. */
export function rtstructFile(study: GeometryStudy): Uint8Array {
  const rtstruct: DicomJsonDataset = {
    ...study.rtstruct(),
    ...header(study, { uid: RTSTRUCT_SERIES_UID, number: 2, description: 'Geometry box', modality: 'RTSTRUCT' }),
    '00080016': el('UI', '1.2.840.10008.5.1.4.1.1.481.3'),
    // the structure set fixture's SOP Instance UID is the SEG fixture's too
    '00080018': el('UI', '2.25.770020002'),
  };
  return new Uint8Array(writePart10(rtstruct));
}

function writeStudy(study: GeometryStudy, dir: string): void {
  mkdirSync(path.join(dir, 'CT'), { recursive: true });
  for (const f of study.imageFiles()) writeFileSync(path.join(dir, f.name), f.bytes);
  writeFileSync(path.join(dir, 'SEG.dcm'), study.segFile());
  writeFileSync(path.join(dir, 'RTSTRUCT.dcm'), rtstructFile(study));
  const sr: DicomJsonDataset = {
    ...study.sr(),
    ...header(study, { uid: SR_SERIES_UID, number: 3, description: 'Geometry regions', modality: 'SR' }),
  };
  writeFileSync(path.join(dir, 'SR.dcm'), new Uint8Array(writePart10(sr)));
}

export function writePlacementStudies(root: string): GeneratedMount[] {
  return Object.values(PLACEMENT_STUDIES).map((s) => {
    const dir = path.join(root, s.mount);
    writeStudy(new GeometryStudy(s.case), dir);
    return { name: s.mount, folder: dir };
  });
}
