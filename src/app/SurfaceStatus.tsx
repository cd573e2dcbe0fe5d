// What the 3D cell says over its surfaces: how many are in while the worker computes them, then how many
// triangles they came to and which were computed on voxel blocks (big surfaces, to keep the view fluid).
import type { SurfaceProgress } from './useSurfaces';
import './surfaces.css';

export function SurfaceStatus({ p }: { p: SurfaceProgress }) {
  const maxBlock = p.coarse.map((c) => c.slice(c.lastIndexOf(': ') + 2)).sort((a, b) => volume(b) - volume(a))[0];
  return (
    <div className="overlay bottom-left surface-status" data-testid="surface-status" aria-live="polite">
      {p.total === 0 ? (
        <span>No segments shown: load a SEG or structure set, or show a segment</span>
      ) : p.done < p.total ? (
        <>
          <progress max={p.total} value={p.done} aria-label="Surfaces computed" /> Surfaces {p.done}/{p.total}
          {p.current ? ` · ${p.current}…` : ''}
        </>
      ) : (
        <span>
          {p.total} surface{p.total === 1 ? '' : 's'} · {formatTriangles(p.triangles)} triangles
        </span>
      )}
      {p.coarse.length > 0 && (
        <div title={`Computed on blocks of voxels (columns × rows × slices), to keep the view fluid:\n${p.coarse.join('\n')}`}>
          {p.coarse.length} on voxel blocks (up to {maxBlock})
        </div>
      )}
      {p.problems.length > 0 && (
        <div className="surface-problems" title={p.problems.join('\n')}>
          {p.problems.length} without a surface: {p.problems[0]}
          {p.problems.length > 1 ? ' …' : ''}
        </div>
      )}
    </div>
  );
}

const volume = (block: string): number => block.split('×').reduce((a, b) => a * Number(b), 1);

function formatTriangles(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)} M` : n >= 1e3 ? `${Math.round(n / 1e3)} k` : String(n);
}
