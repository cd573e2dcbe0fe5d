import { createRandom, seedFromString } from './random';
import { ellipseSection, profiledSolid, tube, union } from './shapes';
import type { Point3, Section, Solid } from './shapes';

// Custom solids of the phantom (patient LPS, mm): body layers, vertebrae, ribs and pulmonary vessels.

/** Spinal canal axis (x, y) and radii. */
export const SPINE = { canalX: 0, canalY: 72, canalRadius: 10, cordRadius: 5.5 };

const smoothstep = (edge0: number, edge1: number, x: number): number => {
  const t = Math.min(1, Math.max(0, (x - edge0) / (edge1 - edge0)));
  return t * t * (3 - 2 * t);
};

/** Body outline semi-axes: the chest is a little larger than the abdomen. */
export function bodySemiAxes(z: number): [number, number] {
  const chest = smoothstep(-40, 20, z);
  return [155 + 12 * chest, 105 + 10 * chest];
}

/** The body outline shrunk by an inset (x, y) in mm: the fat, muscle and cavity layers. */
export const bodyLayer = (inset: [number, number]): Solid =>
  profiledSolid((z) => {
    const [a, b] = bodySemiAxes(z);
    return { cx: 0, cy: 0, a: a - inset[0], b: b - inset[1] };
  });

// Vertebrae repeat every 30 mm: 24 mm of bone, then a 6 mm intervertebral disc.
const VERTEBRA_PERIOD = 30;
const VERTEBRA_HEIGHT = 24;
const isVertebraLevel = (z: number): boolean =>
  (((z + 1000) % VERTEBRA_PERIOD) + VERTEBRA_PERIOD) % VERTEBRA_PERIOD < VERTEBRA_HEIGHT;
export const atVertebra =
  (solid: Solid): Solid =>
  (z) =>
    isVertebraLevel(z) ? solid(z) : null;
export const atDisc =
  (solid: Solid): Solid =>
  (z) =>
    isVertebraLevel(z) ? null : solid(z);
export const cylinder =
  (cx: number, cy: number, a: number, b: number, angle = 0): Solid =>
  () =>
    ellipseSection({ cx, cy, a, b, angle });

export function posteriorArch(): Solid {
  const { canalX, canalY } = SPINE;
  const ring: Solid = () => {
    const outer = 16.5;
    return {
      minX: canalX - outer,
      maxX: canalX + outer,
      minY: canalY - outer,
      maxY: canalY + outer,
      contains(x, y) {
        const dx = x - canalX;
        const dy = y - canalY;
        const d2 = dx * dx + dy * dy;
        return d2 <= outer * outer && dy > -8;
      },
    };
  };
  return union(ring, cylinder(0, 94, 4.5, 9), cylinder(-24, 68, 11, 4.5, -0.3), cylinder(24, 68, 11, 4.5, 0.3));
}

/** Ribs: arcs inside the muscle wall that run downwards from back to front. */
export function ribs(): Solid {
  const ribZ = Array.from({ length: 7 }, (_, i) => 115 - 24 * i);
  const drop = 40;
  const halfThickness = 5;
  const phiStart = 0.14 * Math.PI;
  const phiEnd = 0.82 * Math.PI;
  return (z) => {
    const near = ribZ.filter((zi) => z <= zi + halfThickness && z >= zi - drop - halfThickness);
    if (near.length === 0) return null;
    const [a, b] = bodySemiAxes(z);
    const outer = ellipseSection({ cx: 0, cy: 0, a: a - 15, b: b - 14 }) as Section;
    const inner = ellipseSection({ cx: 0, cy: 0, a: a - 23, b: b - 21 }) as Section;
    return {
      ...outer,
      contains(x, y) {
        if (!outer.contains(x, y) || inner.contains(x, y)) return false;
        const phi = Math.atan2(Math.abs(x), y);
        if (phi < phiStart || phi > phiEnd) return false;
        const along = (phi - phiStart) / (phiEnd - phiStart);
        return near.some((zi) => Math.abs(z - (zi - drop * along)) <= halfThickness);
      },
    };
  };
}

/** Pulmonary vessels: tapering tubes branching from each hilum, placed by a seeded PRNG. */
export function lungVessels(seed: string, lungs: readonly { centre: Point3; semi: Point3 }[]): Solid[] {
  const random = createRandom(seedFromString(`${seed}|lung-vessels`));
  const solids: Solid[] = [];
  lungs.forEach(({ centre, semi }) => {
    const side = Math.sign(centre[0]);
    const hilum: Point3 = [side * 30, 2, 50];
    // Distance from `from` along unit `dir` until the scaled ellipsoid radius reaches `fill`.
    const reach = (from: Point3, dir: Point3, fill: number): number => {
      const p = from.map((v, i) => (v - centre[i]) / semi[i]);
      const d = dir.map((v, i) => v / semi[i]);
      const A = d[0] ** 2 + d[1] ** 2 + d[2] ** 2;
      const B = 2 * (p[0] * d[0] + p[1] * d[1] + p[2] * d[2]);
      const C = p[0] ** 2 + p[1] ** 2 + p[2] ** 2 - fill * fill;
      const disc = B * B - 4 * A * C;
      return disc <= 0 ? 0 : Math.max(0, (-B + Math.sqrt(disc)) / (2 * A));
    };
    const direction = (lateral: number): Point3 => {
      const v: Point3 = [side * (lateral + random()), random() * 2 - 1, random() * 2.2 - 1.1];
      const n = Math.hypot(...v);
      return [v[0] / n, v[1] / n, v[2] / n];
    };
    for (let i = 0; i < 9; i++) {
      const dir = direction(0.4);
      const length = reach(hilum, dir, 0.88);
      const end: Point3 = [hilum[0] + dir[0] * length, hilum[1] + dir[1] * length, hilum[2] + dir[2] * length];
      solids.push(tube(hilum, end, 4, 1.2));
      for (const t of [0.35, 0.65]) {
        const start: Point3 = [
          hilum[0] + dir[0] * length * t,
          hilum[1] + dir[1] * length * t,
          hilum[2] + dir[2] * length * t,
        ];
        const branchDir = direction(0);
        const branchLength = reach(start, branchDir, 0.85) * 0.8;
        const branchEnd: Point3 = [
          start[0] + branchDir[0] * branchLength,
          start[1] + branchDir[1] * branchLength,
          start[2] + branchDir[2] * branchLength,
        ];
        solids.push(tube(start, branchEnd, 4 - 2.6 * t, 0.8));
      }
    }
  });
  return solids;
}
