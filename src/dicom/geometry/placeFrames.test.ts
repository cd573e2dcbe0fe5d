// Placing frames on a displayed series: by reference, by position, and refusing what would land in the wrong place.
import { describe, expect, it } from 'vitest';
import { gridMapping, type ImagePlane, type Vec3 } from './plane';
import { placeFrames, type FrameGeometry, type PlacementSource } from './placeFrames';

const FOR = '1.2.3.4';
const AXIAL: [Vec3, Vec3] = [
  [1, 0, 0],
  [0, 1, 0],
];

/** 10 axial 512x512 slices, 2 mm apart from z = 0, optionally listed in reverse. */
function series(order: 'up' | 'down' = 'up', n = 10): ImagePlane[] {
  const planes = Array.from({ length: n }, (_, k) => ({
    sopInstanceUID: `img.${k}`,
    frameNumber: null,
    imagePositionPatient: [0, 0, 2 * k] as Vec3,
    imageOrientationPatient: AXIAL,
    pixelSpacing: [1, 1] as [number, number],
    rows: 512,
    columns: 512,
  }));
  return order === 'up' ? planes : planes.reverse();
}

function frame(i: number, z: number | null, extra: Partial<FrameGeometry> = {}): FrameGeometry {
  return {
    frameIndex: i,
    imagePositionPatient: z === null ? null : [0, 0, z],
    imageOrientationPatient: AXIAL,
    pixelSpacing: [1, 1],
    sourceImages: [],
    ...extra,
  };
}

function source(frames: FrameGeometry[], o: Partial<PlacementSource> = {}): PlacementSource {
  return { objectName: 'seg.dcm', frameOfReferenceUID: FOR, rows: 512, columns: 512, frames, ...o };
}

const slices = (r: ReturnType<typeof placeFrames>): Array<[number, number]> =>
  r.placements.map((p) => [p.frameIndex, p.sliceIndex]);

describe('placeFrames by position', () => {
  it('finds slices in a reversed series, for frames in any order and a subset of slices', () => {
    const frames = [frame(0, 14), frame(1, 2), frame(2, 8)];
    const up = placeFrames(source(frames), { frameOfReferenceUID: FOR, planes: series('up') });
    const down = placeFrames(source(frames), { frameOfReferenceUID: FOR, planes: series('down') });
    expect(slices(up)).toEqual([
      [0, 7],
      [1, 1],
      [2, 4],
    ]);
    expect(slices(down)).toEqual([
      [0, 2],
      [1, 8],
      [2, 5],
    ]);
    expect(up.placements.every((p) => p.by === 'position' && p.mapping.kind === 'shift')).toBe(true);
    expect(up.sliceSpacing).toBe(2);
    expect(up.tolerance).toBe(0.5);
    expect(up.problems).toEqual([]);
  });

  it('accepts a frame within a quarter of the slice spacing and refuses one beyond', () => {
    const r = placeFrames(source([frame(0, 4.45), frame(1, 4.6), frame(2, 30)]), {
      frameOfReferenceUID: FOR,
      planes: series(),
    });
    expect(slices(r)).toEqual([[0, 2]]);
    expect(r.unplaced.map((u) => [u.frameIndex, u.reason])).toEqual([
      [1, 'off-slice'],
      [2, 'off-slice'],
    ]);
    expect(r.problems).toEqual([
      'seg.dcm: frames 2-3: on no image slice of the displayed series; not shown (e.g. 0.60 mm from the nearest slice (tolerance 0.50 mm))',
    ]);
  });

  it('refuses an oblique frame with the reason, but takes a hair of tilt', () => {
    const tilt = (deg: number): [Vec3, Vec3] => {
      const a = (deg * Math.PI) / 180;
      return [
        [1, 0, 0],
        [0, Math.cos(a), Math.sin(a)],
      ];
    };
    const r = placeFrames(
      source([
        frame(0, 4, { imageOrientationPatient: tilt(30) }),
        frame(1, 4, { imageOrientationPatient: tilt(0.01) }),
      ]),
      { frameOfReferenceUID: FOR, planes: series() },
    );
    expect(slices(r)).toEqual([[1, 2]]);
    expect(r.unplaced).toEqual([{ frameIndex: 0, reason: 'oblique', detail: 'tilted 30.0° to the image slices' }]);
    expect(r.problems[0]).toMatch(
      /^seg\.dcm: frame 1: not parallel to the image slices \(oblique\); not shown rather than shown in the wrong place/,
    );
  });

  it('refuses another Frame of Reference, unless a reference names the image and the grids match', () => {
    const ref = { sourceImages: [{ referencedSOPInstanceUID: 'img.4', referencedFrameNumbers: [] }] };
    const frames = [frame(0, 4), frame(1, 100, ref)];
    const r = placeFrames(source(frames, { frameOfReferenceUID: '9.9' }), {
      frameOfReferenceUID: FOR,
      planes: series(),
    });
    expect(r.placements).toMatchObject([{ frameIndex: 1, sliceIndex: 4, by: 'reference', mapping: { kind: 'shift' } }]);
    expect(r.unplaced.map((u) => [u.frameIndex, u.reason])).toEqual([[0, 'frame-of-reference']]);
  });

  it('maps a smaller grid with an offset as a whole-pixel shift, and a coarser or flipped grid as an affine map', () => {
    const target = series()[0];
    const shifted = gridMapping({ ...target, rows: 510, columns: 510, imagePositionPatient: [3, 1, 0] }, target);
    expect(shifted).toMatchObject({ kind: 'shift', rowShift: 1, columnShift: 3 });
    const coarse = gridMapping(
      { ...target, rows: 256, columns: 256, pixelSpacing: [2, 2], imagePositionPatient: [0.5, 0.5, 0] },
      target,
    );
    expect(coarse.kind).toBe('affine');
    expect(coarse.toTarget).toEqual([2, 0, 0.5, 0, 2, 0.5]);
    expect(coarse.toSource.map((v) => Math.round(v * 1000) / 1000 + 0)).toEqual([0.5, 0, -0.25, 0, 0.5, -0.25]);
    const flipped = gridMapping(
      {
        ...target,
        imagePositionPatient: [511, 0, 0],
        imageOrientationPatient: [
          [-1, 0, 0],
          [0, 1, 0],
        ],
      },
      target,
    );
    expect(flipped.kind).toBe('affine');
    expect(flipped.toTarget).toEqual([-1, 0, 511, 0, 1, 0]);
  });
});

describe('placeFrames by reference', () => {
  const multiframe: ImagePlane[] = series().map((p, k) => ({ ...p, sopInstanceUID: 'mf', frameNumber: k + 1 }));

  it('resolves ReferencedFrameNumber into a multi-frame image', () => {
    const frames = [frame(0, 6, { sourceImages: [{ referencedSOPInstanceUID: 'mf', referencedFrameNumbers: [4] }] })];
    const r = placeFrames(source(frames), { frameOfReferenceUID: FOR, planes: multiframe });
    expect(r.placements).toMatchObject([{ frameIndex: 0, sliceIndex: 3, by: 'reference' }]);
  });

  it('trusts the frame position over a reference that disagrees with it', () => {
    const frames = [frame(0, 6, { sourceImages: [{ referencedSOPInstanceUID: 'img.0', referencedFrameNumbers: [] }] })];
    const r = placeFrames(source(frames), { frameOfReferenceUID: FOR, planes: series() });
    expect(r.placements).toMatchObject([{ frameIndex: 0, sliceIndex: 3, by: 'position' }]);
    expect(r.problems).toEqual([
      'seg.dcm: some frames lie away from the image they reference: placed by their own position',
    ]);
  });

  it('places frames without a plane by reference when the grids match, and says why it cannot otherwise', () => {
    const ref = (uid: string) => ({ sourceImages: [{ referencedSOPInstanceUID: uid, referencedFrameNumbers: [] }] });
    const r = placeFrames(source([frame(0, null, ref('img.5')), frame(1, null, ref('missing')), frame(2, null)]), {
      frameOfReferenceUID: FOR,
      planes: series(),
    });
    expect(r.placements).toMatchObject([
      { frameIndex: 0, sliceIndex: 5, by: 'reference', mapping: { kind: 'shift', rowShift: 0 } },
    ]);
    expect(r.unplaced.map((u) => u.reason)).toEqual(['no-geometry', 'no-geometry']);
    const small = placeFrames(source([frame(0, null, ref('img.5'))], { rows: 256, columns: 256 }), {
      frameOfReferenceUID: FOR,
      planes: series(),
    });
    expect(small.unplaced.map((u) => u.reason)).toEqual(['grid-unknown']);
    expect(small.problems[0]).toMatch(
      /frame 1: no usable plane position, and a pixel grid unlike the referenced image.*no plane, 256x256 pixels on a 512x512 image/,
    );
  });
});
