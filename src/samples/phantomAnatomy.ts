import {
  atDisc,
  atVertebra,
  bodyLayer,
  bodySemiAxes,
  cylinder,
  lungVessels,
  posteriorArch,
  ribs,
  SPINE,
} from './anatomyShapes';
import { ellipseSection, ellipsoid, tube, union } from './shapes';
import type { Point3, Solid } from './shapes';

/**
 * The torso phantom: tissue labels, their CT numbers, and the ordered painting steps that build each slice.
 * Every mask in SEG, RTSTRUCT and SR is a set of these labels, so derived objects line up with the CT by
 * construction. Patient coordinates (LPS, mm): +x patient left, +y posterior, +z superior; the body is
 * centred on x = y = 0 and the scan covers z = -125..125 (upper kidneys to lung apices).
 */
export const Label = {
  Air: 0,
  SubcutaneousFat: 1,
  MuscleWall: 2,
  VisceralFat: 3,
  ParaspinalMuscle: 4,
  Lung: 5,
  LungVessel: 6,
  Heart: 7,
  Aorta: 8,
  VenaCava: 9,
  Liver: 10,
  Tumour: 11,
  KidneyRight: 12,
  KidneyLeft: 13,
  Spleen: 14,
  Stomach: 15,
  BowelGas: 16,
  VertebralCortex: 17,
  VertebralCancellous: 18,
  IntervertebralDisc: 19,
  PosteriorArch: 20,
  SpinalCanal: 21,
  SpinalCord: 22,
  Rib: 23,
  Sternum: 24,
  Bowel: 25,
} as const;
export type LabelValue = (typeof Label)[keyof typeof Label];
export const LABEL_COUNT = 26;

/** Mean CT number (HU) and noise standard deviation per label. */
export const LabelHU: Record<LabelValue, readonly [number, number]> = {
  [Label.Air]: [-1000, 4],
  [Label.SubcutaneousFat]: [-100, 8],
  [Label.MuscleWall]: [45, 8],
  [Label.VisceralFat]: [-95, 8],
  [Label.ParaspinalMuscle]: [50, 8],
  [Label.Lung]: [-850, 20],
  [Label.LungVessel]: [40, 10],
  [Label.Heart]: [40, 8],
  [Label.Aorta]: [45, 8],
  [Label.VenaCava]: [40, 8],
  [Label.Liver]: [60, 7],
  [Label.Tumour]: [45, 7],
  [Label.KidneyRight]: [30, 8],
  [Label.KidneyLeft]: [30, 8],
  [Label.Spleen]: [45, 8],
  [Label.Stomach]: [15, 8],
  [Label.BowelGas]: [-990, 6],
  [Label.VertebralCortex]: [900, 30],
  [Label.VertebralCancellous]: [250, 25],
  [Label.IntervertebralDisc]: [90, 10],
  [Label.PosteriorArch]: [650, 30],
  [Label.SpinalCanal]: [15, 8],
  [Label.SpinalCord]: [35, 8],
  [Label.Rib]: [700, 30],
  [Label.Sternum]: [450, 25],
  [Label.Bowel]: [25, 9],
};

/** One painting step: label the pixels inside `solid` whose current label is in `over` ('body' = not air). */
export interface PaintStep {
  label: LabelValue;
  solid: Solid;
  over: readonly LabelValue[] | 'body';
}

/** Analytic tumour geometry, also used by the SR planar measurement. */
export const TUMOUR = { centre: [-78, -22, -12] as Point3, semi: [22, 16, 18] as Point3, angle: 0.5 };

export function buildPhantom(seed: string): PaintStep[] {
  const L = Label;
  const cavity = [L.VisceralFat] as const;
  const rightLung = { centre: [-75, 5, 60] as Point3, semi: [62, 80, 90] as Point3 };
  const leftLung = { centre: [75, 5, 65] as Point3, semi: [58, 80, 88] as Point3 };
  const steps: PaintStep[] = [
    { label: L.SubcutaneousFat, solid: bodyLayer([0, 0]), over: [L.Air] },
    { label: L.MuscleWall, solid: bodyLayer([14, 12]), over: [L.SubcutaneousFat] },
    { label: L.VisceralFat, solid: bodyLayer([26, 22]), over: [L.MuscleWall] },
    {
      label: L.ParaspinalMuscle,
      solid: cylinder(-36, 78, 20, 13, 0.2),
      over: [L.MuscleWall, L.VisceralFat, L.SubcutaneousFat],
    },
    {
      label: L.ParaspinalMuscle,
      solid: cylinder(36, 78, 20, 13, -0.2),
      over: [L.MuscleWall, L.VisceralFat, L.SubcutaneousFat],
    },
    { label: L.Lung, solid: ellipsoid(rightLung.centre, rightLung.semi), over: cavity },
    { label: L.Lung, solid: ellipsoid(leftLung.centre, leftLung.semi), over: cavity },
    { label: L.Heart, solid: ellipsoid([12, -28, 42], [58, 50, 44], 0.35), over: [L.VisceralFat, L.Lung] },
    {
      label: L.Aorta,
      solid: union(
        tube([15, 25, -140], [18, 25, 95], 11, 11.5),
        tube([18, 25, 95], [5, -20, 100], 11.5, 12.5),
        tube([5, -20, 100], [5, -25, 45], 12.5, 13),
      ),
      over: [L.VisceralFat, L.Lung, L.Heart],
    },
    {
      label: L.Liver,
      solid: union(ellipsoid([-55, -8, -25], [78, 68, 72], -0.25), ellipsoid([15, -45, -5], [55, 30, 38], 0.35)),
      over: [L.VisceralFat, L.Lung],
    },
    { label: L.Tumour, solid: ellipsoid(TUMOUR.centre, TUMOUR.semi, TUMOUR.angle), over: [L.Liver] },
    {
      label: L.VenaCava,
      solid: tube([-22, 28, -140], [-18, 12, 15], 10.5, 11),
      over: [L.VisceralFat, L.Liver, L.Heart],
    },
    { label: L.KidneyRight, solid: ellipsoid([-68, 50, -88], [27, 22, 50], -0.7), over: [L.VisceralFat, L.Liver] },
    { label: L.KidneyLeft, solid: ellipsoid([70, 47, -78], [27, 22, 50], 0.7), over: [L.VisceralFat] },
    { label: L.Spleen, solid: ellipsoid([82, 35, -15], [26, 48, 45], 0.6), over: [L.VisceralFat, L.Lung] },
    { label: L.Stomach, solid: ellipsoid([48, -38, 8], [42, 30, 38], -0.4), over: cavity },
    { label: L.BowelGas, solid: ellipsoid([44, -56, 16], [24, 10, 18], -0.4), over: [L.Stomach] },
    {
      // Colon frame and a few small-bowel loops, so the lower abdomen is not all fat.
      label: L.Bowel,
      solid: union(
        tube([-92, -5, -140], [-95, -20, -55], 17, 18),
        tube([-95, -20, -55], [0, -55, -62], 18, 16),
        tube([0, -55, -62], [92, -25, -50], 16, 17),
        tube([92, -25, -50], [90, 5, -140], 17, 15),
        ellipsoid([-35, -40, -105], [30, 22, 25], 0.3),
        ellipsoid([25, -45, -110], [32, 24, 22], -0.4),
        ellipsoid([-5, -10, -125], [28, 20, 20]),
      ),
      over: cavity,
    },
    {
      label: L.BowelGas,
      solid: union(
        ellipsoid([30, -62, -100], [16, 10, 14]),
        ellipsoid([-38, -55, -112], [14, 9, 11]),
        ellipsoid([8, -72, -118], [18, 8, 10]),
        ellipsoid([60, -20, -120], [12, 12, 16]),
        ellipsoid([-93, -22, -90], [9, 7, 12]),
        ellipsoid([91, -10, -80], [8, 6, 14]),
      ),
      over: [L.VisceralFat, L.Bowel],
    },
    { label: L.VertebralCortex, solid: atVertebra(cylinder(0, 45, 21, 17)), over: 'body' },
    { label: L.VertebralCancellous, solid: atVertebra(cylinder(0, 45, 17.5, 13.5)), over: [L.VertebralCortex] },
    { label: L.IntervertebralDisc, solid: atDisc(cylinder(0, 45, 21, 17)), over: 'body' },
    { label: L.PosteriorArch, solid: atVertebra(posteriorArch()), over: 'body' },
    {
      label: L.SpinalCanal,
      solid: cylinder(SPINE.canalX, SPINE.canalY, SPINE.canalRadius, SPINE.canalRadius),
      over: 'body',
    },
    {
      label: L.SpinalCord,
      solid: cylinder(SPINE.canalX, SPINE.canalY, SPINE.cordRadius, SPINE.cordRadius),
      over: [L.SpinalCanal],
    },
    { label: L.Rib, solid: ribs(), over: [L.MuscleWall, L.SubcutaneousFat, L.VisceralFat, L.Lung] },
    {
      label: L.Sternum,
      solid: (z) => (z < -10 ? null : ellipseSection({ cx: 0, cy: -(bodySemiAxes(z)[1] - 19), a: 16, b: 6 })),
      over: [L.MuscleWall, L.SubcutaneousFat, L.VisceralFat],
    },
  ];
  for (const vessel of lungVessels(seed, [rightLung, leftLung])) {
    steps.push({ label: L.LungVessel, solid: vessel, over: [L.Lung] });
  }
  return steps;
}
