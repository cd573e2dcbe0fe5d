/** A closed polygon in pixel-index coordinates: [column, row] with pixel centres on integers. */
export type PixelPolygon = Array<[number, number]>;

// Cell corners: top-left 8, top-right 4, bottom-right 2, bottom-left 1. Edges: 0 top, 1 right, 2 bottom, 3 left.
// Saddles (5, 10) are split so diagonal neighbours stay apart: contours follow 4-connected regions.
const CELL_SEGMENTS: ReadonlyArray<ReadonlyArray<readonly [number, number]>> = [
  [],
  [[3, 2]],
  [[2, 1]],
  [[3, 1]],
  [[0, 1]],
  [
    [0, 1],
    [3, 2],
  ],
  [[0, 2]],
  [[0, 3]],
  [[0, 3]],
  [[0, 2]],
  [
    [0, 3],
    [2, 1],
  ],
  [[0, 1]],
  [[3, 1]],
  [[1, 2]],
  [[3, 2]],
  [],
];

/**
 * Outlines of a binary mask by marching squares on pixel centres (boundary points sit half way between an
 * inside and an outside pixel). Each boundary point is shared by exactly two cell segments, so the segments
 * link into disjoint closed loops, found in raster order. Collinear points are dropped.
 */
export function traceContours(mask: Uint8Array, rows: number, columns: number): PixelPolygon[] {
  // Bounding box of the mask; cells outside it are all empty.
  let rMin = rows;
  let rMax = -1;
  let cMin = columns;
  let cMax = -1;
  for (let r = 0; r < rows; r++) {
    const base = r * columns;
    for (let c = 0; c < columns; c++) {
      if (mask[base + c]) {
        if (r < rMin) rMin = r;
        if (r > rMax) rMax = r;
        if (c < cMin) cMin = c;
        if (c > cMax) cMax = c;
      }
    }
  }
  if (rMax < 0) return [];
  // Padded copy, so every cell reads four in-range corners. Lattice point (r, c) holds pixel (r - 1, c - 1).
  const width = columns + 2;
  const height = rows + 2;
  const padded = new Uint8Array(width * height);
  for (let r = rMin; r <= rMax; r++) {
    padded.set(mask.subarray(r * columns + cMin, r * columns + cMax + 1), (r + 1) * width + cMin + 1);
  }
  // Edge midpoint ids: 2 * latticeIndex for the edge to the right neighbour, + 1 for the edge below.
  const neighbours = new Int32Array(width * height * 4).fill(-1);
  const order: number[] = [];
  const link = (a: number, b: number): void => {
    if (neighbours[2 * a] < 0) {
      neighbours[2 * a] = b;
      order.push(a);
    } else neighbours[2 * a + 1] = b;
    if (neighbours[2 * b] < 0) {
      neighbours[2 * b] = a;
      order.push(b);
    } else neighbours[2 * b + 1] = a;
  };
  const edges = [0, 0, 0, 0];
  for (let lr = rMin; lr <= rMax + 1; lr++) {
    for (let lc = cMin; lc <= cMax + 1; lc++) {
      const tl = lr * width + lc;
      const code = (padded[tl] << 3) | (padded[tl + 1] << 2) | (padded[tl + width + 1] << 1) | padded[tl + width];
      if (code === 0 || code === 15) continue;
      edges[0] = 2 * tl;
      edges[1] = 2 * (tl + 1) + 1;
      edges[2] = 2 * (tl + width);
      edges[3] = 2 * tl + 1;
      for (const [a, b] of CELL_SEGMENTS[code]) link(edges[a], edges[b]);
    }
  }
  const point = (id: number): [number, number] => {
    const lattice = id >> 1;
    const r = Math.floor(lattice / width) - 1;
    const c = (lattice % width) - 1;
    return id & 1 ? [c, r + 0.5] : [c + 0.5, r];
  };
  const visited = new Uint8Array(width * height * 2);
  const polygons: PixelPolygon[] = [];
  for (const start of order) {
    if (visited[start]) continue;
    const loop: PixelPolygon = [];
    let previous = -1;
    let current = start;
    while (!visited[current]) {
      visited[current] = 1;
      loop.push(point(current));
      const a = neighbours[2 * current];
      const next = a !== previous ? a : neighbours[2 * current + 1];
      previous = current;
      current = next;
    }
    polygons.push(dropCollinear(loop));
  }
  return polygons;
}

function dropCollinear(points: PixelPolygon): PixelPolygon {
  const n = points.length;
  if (n <= 3) return points;
  const kept: PixelPolygon = [];
  for (let i = 0; i < n; i++) {
    const [px, py] = points[(i + n - 1) % n];
    const [x, y] = points[i];
    const [nx, ny] = points[(i + 1) % n];
    const cross = (x - px) * (ny - y) - (y - py) * (nx - x);
    if (Math.abs(cross) > 1e-9) kept.push(points[i]);
  }
  return kept.length >= 3 ? kept : points;
}

/** Shoelace area of a polygon, in pixel units. */
export function polygonArea(polygon: PixelPolygon): number {
  let sum = 0;
  for (let i = 0; i < polygon.length; i++) {
    const [x0, y0] = polygon[i];
    const [x1, y1] = polygon[(i + 1) % polygon.length];
    sum += x0 * y1 - x1 * y0;
  }
  return Math.abs(sum) / 2;
}
