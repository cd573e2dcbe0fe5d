// Order the instances of an image series for display: by position along the slice normal when the
// geometry is consistent, otherwise by InstanceNumber.
import { num, nums, str, type DicomJsonDataset } from '../json';
import { orientationNormal } from './transform';
import { Tag } from '../tags';

export type Vec3 = [number, number, number];

export function dot(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

/** Functional-group aware plane of an instance's first frame (classic or enhanced multi-frame). */
export function planeOf(ds: DicomJsonDataset): { position?: Vec3; orientation?: [Vec3, Vec3] } {
  let ipp = nums(ds, Tag.ImagePositionPatient);
  let iop = nums(ds, Tag.ImageOrientationPatient);
  const perFrame = (ds[Tag.PerFrameFunctionalGroupsSequence]?.Value?.[0] as DicomJsonDataset | undefined) ?? undefined;
  const shared = (ds[Tag.SharedFunctionalGroupsSequence]?.Value?.[0] as DicomJsonDataset | undefined) ?? undefined;
  if (ipp.length !== 3) {
    const pp = perFrame?.[Tag.PlanePositionSequence]?.Value?.[0] as DicomJsonDataset | undefined;
    ipp = nums(pp, Tag.ImagePositionPatient);
  }
  if (iop.length !== 6) {
    for (const g of [shared, perFrame]) {
      const po = g?.[Tag.PlaneOrientationSequence]?.Value?.[0] as DicomJsonDataset | undefined;
      const v = nums(po, Tag.ImageOrientationPatient);
      if (v.length === 6) iop = v;
    }
  }
  return {
    position: ipp.length === 3 ? (ipp as Vec3) : undefined,
    orientation: iop.length === 6 ? [iop.slice(0, 3) as Vec3, iop.slice(3, 6) as Vec3] : undefined,
  };
}

export interface SortedSeries {
  instances: DicomJsonDataset[];
  /** how the order was found */
  by: 'position' | 'instanceNumber';
}

/** Sort so that index 0 is the first slice along the normal (row x column direction). */
export function sortInstances(instances: DicomJsonDataset[]): SortedSeries {
  const byNumber = [...instances].sort(
    (a, b) =>
      (num(a, Tag.InstanceNumber) ?? 0) - (num(b, Tag.InstanceNumber) ?? 0) ||
      (str(a, Tag.SOPInstanceUID) ?? '').localeCompare(str(b, Tag.SOPInstanceUID) ?? ''),
  );
  if (instances.length < 2) return { instances: byNumber, by: 'instanceNumber' };
  const planes = byNumber.map(planeOf);
  const o = planes[0].orientation;
  if (!o || planes.some((p) => !p.position || !p.orientation)) return { instances: byNumber, by: 'instanceNumber' };
  const normal = orientationNormal(o);
  const parallel = planes.every((p) => {
    const n = orientationNormal(p.orientation as [Vec3, Vec3]);
    return Math.abs(dot(n, normal)) > 0.999;
  });
  if (!parallel) return { instances: byNumber, by: 'instanceNumber' };
  const keyed = byNumber.map((ds, i) => ({ ds, d: dot(planes[i].position as Vec3, normal) }));
  keyed.sort((a, b) => a.d - b.d);
  return { instances: keyed.map((k) => k.ds), by: 'position' };
}
