// The first time vtk.js makes a linearly filtered texture (the first labelmap's colour table), it tests whether
// this GPU filters 16-bit normalised textures: a WebGL2 context of its own, a program compiled, a point drawn and a
// pixel read back. With software WebGL (swiftshader) that took 190 ms of the first SEG's first frame, between its
// first segment decoded and on screen. vtk.js keeps the answer for the page, so it is asked here, in an idle moment
// after the first image, off that path. Nothing else changes: the same function gives the same answer.
import supportsNorm16LinearCached from '@kitware/vtk.js/Rendering/OpenGL/Texture/supportsNorm16Linear';

let asked = false;

/** Has vtk.js run its texture test now, when the page is idle (within 1 s), once per page. */
export function warmUpTextureTest(): void {
  if (asked) return;
  asked = true;
  const run = (): void => void supportsNorm16LinearCached();
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 1000 });
  else setTimeout(run, 0);
}
