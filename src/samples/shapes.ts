import type { VolumeGeometry } from './volumeGeometry';

/** A planar region at one z, in patient mm, with a bounding box so rasterizing only visits nearby pixels. */
export interface Section {
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
  contains(x: number, y: number): boolean;
}

/** A solid, known only through its axial sections. */
export type Solid = (z: number) => Section | null;

export interface Ellipse {
  cx: number;
  cy: number;
  /** Semi-axis along the rotated x direction, then along the rotated y direction (mm). */
  a: number;
  b: number;
  /** In-plane rotation in radians, counter-clockwise from +x towards +y. */
  angle?: number;
}

export function ellipseSection({ cx, cy, a, b, angle = 0 }: Ellipse): Section | null {
  if (a <= 0 || b <= 0) return null;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const halfX = Math.sqrt(a * a * cos * cos + b * b * sin * sin);
  const halfY = Math.sqrt(a * a * sin * sin + b * b * cos * cos);
  const ia2 = 1 / (a * a);
  const ib2 = 1 / (b * b);
  return {
    minX: cx - halfX,
    maxX: cx + halfX,
    minY: cy - halfY,
    maxY: cy + halfY,
    contains(x, y) {
      const dx = x - cx;
      const dy = y - cy;
      const u = dx * cos + dy * sin;
      const v = -dx * sin + dy * cos;
      return u * u * ia2 + v * v * ib2 <= 1;
    },
  };
}

/** A solid whose sections are ellipses given by a profile along z (elliptic cylinders, tapering bodies). */
export function profiledSolid(profile: (z: number) => Ellipse | null): Solid {
  return (z) => {
    const ellipse = profile(z);
    return ellipse ? ellipseSection(ellipse) : null;
  };
}

export function ellipsoid(
  centre: readonly [number, number, number],
  semi: readonly [number, number, number],
  angle = 0,
): Solid {
  const [cx, cy, cz] = centre;
  const [ax, ay, az] = semi;
  return profiledSolid((z) => {
    const t = (z - cz) / az;
    const s = 1 - t * t;
    if (s <= 0) return null;
    const k = Math.sqrt(s);
    return { cx, cy, a: ax * k, b: ay * k, angle };
  });
}

export type Point3 = readonly [number, number, number];

/** A tube between two points whose radius tapers linearly from r0 to r1 (vessels, the aorta). */
export function tube(p0: Point3, p1: Point3, r0: number, r1: number): Solid {
  const [x0, y0, z0] = p0;
  const dx = p1[0] - x0;
  const dy = p1[1] - y0;
  const dz = p1[2] - z0;
  const length2 = dx * dx + dy * dy + dz * dz;
  const rMax = Math.max(r0, r1);
  const zLow = Math.min(z0, p1[2]) - rMax;
  const zHigh = Math.max(z0, p1[2]) + rMax;
  const at = (t: number): [number, number, number] => [x0 + t * dx, y0 + t * dy, z0 + t * dz];
  return (z) => {
    if (z < zLow || z > zHigh) return null;
    // Parameter range of the axis that can reach this plane, to bound the section.
    let tLow = 0;
    let tHigh = 1;
    if (Math.abs(dz) > 1e-9) {
      const ta = (z - rMax - z0) / dz;
      const tb = (z + rMax - z0) / dz;
      tLow = Math.max(0, Math.min(ta, tb));
      tHigh = Math.min(1, Math.max(ta, tb));
      if (tLow > tHigh) return null;
    }
    const [ax, ay] = at(tLow);
    const [bx, by] = at(tHigh);
    return {
      minX: Math.min(ax, bx) - rMax,
      maxX: Math.max(ax, bx) + rMax,
      minY: Math.min(ay, by) - rMax,
      maxY: Math.max(ay, by) + rMax,
      contains(x, y) {
        const px = x - x0;
        const py = y - y0;
        const pz = z - z0;
        let t = length2 > 0 ? (px * dx + py * dy + pz * dz) / length2 : 0;
        t = t < 0 ? 0 : t > 1 ? 1 : t;
        const ex = px - t * dx;
        const ey = py - t * dy;
        const ez = pz - t * dz;
        const r = r0 + (r1 - r0) * t;
        return ex * ex + ey * ey + ez * ez <= r * r;
      },
    };
  };
}

export function union(...solids: Solid[]): Solid {
  return (z) => {
    const sections = solids.map((solid) => solid(z)).filter((s): s is Section => s !== null);
    if (sections.length === 0) return null;
    if (sections.length === 1) return sections[0];
    return {
      minX: Math.min(...sections.map((s) => s.minX)),
      maxX: Math.max(...sections.map((s) => s.maxX)),
      minY: Math.min(...sections.map((s) => s.minY)),
      maxY: Math.max(...sections.map((s) => s.maxY)),
      contains: (x, y) => sections.some((s) => s.contains(x, y)),
    };
  };
}

/**
 * Visit every pixel of the grid whose centre lies inside the section; `visit` gets the flat pixel index
 * (row * columns + column).
 */
export function rasterize(section: Section, geometry: VolumeGeometry, visit: (index: number) => void): void {
  const { rows, columns, originX, originY, rowSpacing, columnSpacing } = geometry;
  const c0 = Math.max(0, Math.ceil((section.minX - originX) / columnSpacing));
  const c1 = Math.min(columns - 1, Math.floor((section.maxX - originX) / columnSpacing));
  const r0 = Math.max(0, Math.ceil((section.minY - originY) / rowSpacing));
  const r1 = Math.min(rows - 1, Math.floor((section.maxY - originY) / rowSpacing));
  for (let r = r0; r <= r1; r++) {
    const y = originY + r * rowSpacing;
    const rowBase = r * columns;
    for (let c = c0; c <= c1; c++) {
      if (section.contains(originX + c * columnSpacing, y)) visit(rowBase + c);
    }
  }
}
