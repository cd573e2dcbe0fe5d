// The sample study with script payloads in every string a panel shows from the derived objects: series
// descriptions, segment labels, ROI names, code meanings and SR text. Written with dcmjs from the sample files.
import { copyFileSync, cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import dcmjs from 'dcmjs';

export const HOSTILE_MOUNT = 'hostile';
/** Would set window.__xss if it ever ran as HTML. */
export const PAYLOAD = '<img src=x onerror="window.__xss=1">';

/** SeriesDescription, SegmentLabel, ROIName, CodeMeaning, TextValue */
const TEXT_TAGS = new Set(['0008103E', '00620005', '30060026', '00080104', '0040A160']);

interface Element {
  vr: string;
  Value?: unknown[];
}

function poison(dict: Record<string, Element>): void {
  for (const [tag, el] of Object.entries(dict)) {
    if (!el.Value) continue;
    if (el.vr === 'SQ') for (const item of el.Value as Array<Record<string, Element>>) poison(item);
    else if (TEXT_TAGS.has(tag)) el.Value = el.Value.map((v) => `${PAYLOAD}${String(v)}`.slice(0, el.vr === 'UT' ? 10_000 : 64));
  }
}

export function writeHostileStudy(sampleDir: string, dir: string): string {
  mkdirSync(dir, { recursive: true });
  cpSync(path.join(sampleDir, 'CT'), path.join(dir, 'CT'), { recursive: true });
  for (const name of ['SEG.dcm', 'RTSTRUCT.dcm', 'SR.dcm']) {
    const bytes = readFileSync(path.join(sampleDir, name));
    const file = dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    poison(file.dict as Record<string, Element>);
    writeFileSync(path.join(dir, name), Buffer.from(file.write({ allowInvalidVRLength: true })));
  }
  copyFileSync(path.join(sampleDir, 'VERSION'), path.join(dir, 'VERSION'));
  return dir;
}
