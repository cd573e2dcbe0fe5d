// The ContourSequence of one ROI -> Contour models; contours that cannot be drawn are left out, and the issues
// of many contours are grouped into one message per kind, so a bad export does not flood the problem list.
import { num, seq, str, type DicomJsonDataset } from '../json';
import { readContourData, type ContourDataProblem, type ContourDataSources } from './contourData';
import {
  CONTOUR_GEOMETRIC_TYPES,
  type Contour,
  type ContourGeometricType,
  type ContourImageReference,
  type StructureSetROI,
} from './model';
import type { Problems } from './problems';
import { Tag as T } from '../tags';

function contourImages(item: DicomJsonDataset): ContourImageReference[] {
  return seq(item, T.ContourImageSequence).flatMap((ref) => {
    const uid = str(ref, T.ReferencedSOPInstanceUID);
    return uid
      ? [{ referencedSOPInstanceUID: uid, referencedFrameNumber: num(ref, T.ReferencedFrameNumber) ?? null }]
      : [];
  });
}

/** Least points that make sense for each type; fewer is drawn anyway but reported. */
const MIN_POINTS: Record<ContourGeometricType, number> = {
  POINT: 1,
  OPEN_PLANAR: 2,
  OPEN_NONPLANAR: 2,
  CLOSED_PLANAR: 3,
};

type ContourIssue =
  | ContourDataProblem
  | 'an unknown ContourGeometricType'
  | 'a NumberOfContourPoints that differs from ContourData'
  | 'too few points for their ContourGeometricType'
  | 'more than one point although they are POINT contours';

/** Turn per-contour issues into one message per kind, naming the first few contours (1-based item index). */
function reportIssues(
  problems: Problems,
  roi: StructureSetROI,
  issues: Map<ContourIssue, string[]>,
  total: number,
  leftOut: Set<ContourIssue>,
): void {
  for (const [issue, details] of issues) {
    const shown = details.slice(0, 5).join('; ') + (details.length > 5 ? `; and ${details.length - 5} more` : '');
    const which =
      details.length === total ? `all ${total} contours have` : `${details.length} of ${total} contours have`;
    const severity = leftOut.has(issue) ? 'error' : 'warning';
    const consequence = severity === 'error' ? 'they are left out' : 'drawn anyway';
    problems.add(roi, severity, `${which} ${issue} (${shown}); ${consequence}`);
  }
}

export function decodeContours(
  roi: StructureSetROI,
  items: DicomJsonDataset[],
  src: ContourDataSources,
  problems: Problems,
): void {
  const issues = new Map<ContourIssue, string[]>();
  const leftOut = new Set<ContourIssue>();
  const note = (issue: ContourIssue, detail: string, skipped: boolean): void => {
    if (!issues.has(issue)) issues.set(issue, []);
    issues.get(issue)?.push(detail);
    if (skipped) leftOut.add(issue);
  };
  items.forEach((item, i) => {
    const label = `contour ${i + 1}`;
    const type = str(item, T.ContourGeometricType)?.trim().toUpperCase() ?? '';
    if (!(CONTOUR_GEOMETRIC_TYPES as readonly string[]).includes(type)) {
      note('an unknown ContourGeometricType', `${label}: '${type}'`, true);
      return;
    }
    const geometricType = type as ContourGeometricType;
    const data = readContourData(item[T.ContourData], src);
    if (!('points' in data)) {
      note(data.problem, `${label}: ${data.detail}`, true);
      return;
    }
    const n = data.points.length / 3;
    const declared = num(item, T.NumberOfContourPoints);
    if (declared !== undefined && declared !== n)
      note(
        'a NumberOfContourPoints that differs from ContourData',
        `${label}: ${declared} declared, ${n} present`,
        false,
      );
    if (n < MIN_POINTS[geometricType])
      note('too few points for their ContourGeometricType', `${label}: ${n} ${geometricType}`, false);
    if (geometricType === 'POINT' && n > 1)
      note('more than one point although they are POINT contours', `${label}: ${n} points`, false);
    const contour: Contour = {
      contourNumber: num(item, T.ContourNumber) ?? null,
      contourGeometricType: geometricType,
      points: data.points,
      numberOfContourPoints: n,
      contourImages: contourImages(item),
    };
    roi.contours.push(contour);
  });
  reportIssues(problems, roi, issues, items.length, leftOut);
}
