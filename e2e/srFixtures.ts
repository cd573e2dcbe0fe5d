// SR cases ../shared/data lacks, each made at set-up into its own folder (served as /dw/<name>):
//  - sr-tree: a diagnostic report that is not TID 1500 (dangling and cyclic references, markup in its text)
//    in the study of the explicit-VR CT, whose single image it outlines;
//  - sr-big: the benchmark report (1,000 groups, 20,000 measurements) over a copy of the sample CT.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readPart10 } from '../src/dicom/part10';
import { headerJson } from '../src/dicom/summary';
import { str, type DicomJsonDataset } from '../src/dicom/json';
import { el } from '../src/dicom/sr/testing/contentBuilder';
import { textReportJson } from '../src/dicom/sr/testing/textReport';
import { writePart10 } from '../src/dicom/sr/testing/writePart10';
import { writeBigReportStudy } from '../src/samples/bigReport';
import type { GeneratedMount } from './generatedFixtures';
import { Tag } from '../src/dicom/tags';

export const SR_TREE = { name: 'sr-tree', seriesDescription: 'Radiology report (TID 2000)' } as const;
export const SR_BIG = { name: 'sr-big', groups: 1000, perGroup: 20 } as const;
/** dcmqi's report on a PET study whose images are not in ../shared/data */
export const SR_EXAMPLE = { name: 'sr-example', folder: 'dcmqi/sr-example' } as const;

function textReport(ctFile: string, dir: string): void {
  mkdirSync(dir, { recursive: true });
  copyFileSync(ctFile, path.join(dir, 'ct.dcm'));
  const b = readFileSync(ctFile);
  const ct = headerJson(readPart10(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer, ctFile).dict);
  const copy = (tags: string[]): DicomJsonDataset => Object.fromEntries(tags.filter((t) => ct[t]).map((t) => [t, ct[t]]));
  const studyUID = str(ct, Tag.StudyInstanceUID) as string;
  const image = { sopClassUID: str(ct, Tag.SOPClassUID) as string, sopInstanceUID: str(ct, Tag.SOPInstanceUID) as string };
  const header: DicomJsonDataset = {
    ...copy([Tag.PatientName, Tag.PatientID, Tag.PatientBirthDate, Tag.PatientSex, Tag.StudyInstanceUID, Tag.StudyDate, Tag.StudyTime, Tag.AccessionNumber, Tag.StudyID, Tag.StudyDescription]),
    [Tag.SeriesInstanceUID]: el('UI', '2.25.318002277001'),
    [Tag.SeriesNumber]: el('IS', 99),
    [Tag.SeriesDescription]: el('LO', SR_TREE.seriesDescription),
    [Tag.InstanceNumber]: el('IS', 1),
    '00080023': el('DA', '20240115'),
    '00080033': el('TM', '093000'),
    [Tag.CurrentRequestedProcedureEvidenceSequence]: el('SQ', {
      [Tag.StudyInstanceUID]: el('UI', studyUID),
      [Tag.ReferencedSeriesSequence]: el('SQ', {
        [Tag.SeriesInstanceUID]: ct[Tag.SeriesInstanceUID],
        '00081199': el('SQ', { '00081150': el('UI', image.sopClassUID), [Tag.ReferencedSOPInstanceUID]: el('UI', image.sopInstanceUID) }),
      }),
    }),
  };
  const json = textReportJson({ sopInstanceUID: '2.25.318002277002', studyInstanceUID: studyUID, image, header });
  writeFileSync(path.join(dir, 'report.dcm'), new Uint8Array(writePart10(json)));
}

export function generateSrFixtures(explicitCt: string, sampleDir: string, srExampleDir: string, root: string): GeneratedMount[] {
  const tree = path.join(root, SR_TREE.name);
  textReport(explicitCt, tree);
  const big = path.join(root, SR_BIG.name);
  writeBigReportStudy(big, sampleDir, { groups: SR_BIG.groups, perGroup: SR_BIG.perGroup });
  return [
    { name: SR_TREE.name, folder: tree },
    { name: SR_BIG.name, folder: big },
    { name: SR_EXAMPLE.name, folder: srExampleDir },
  ];
}
