// The first time vtk.js makes a linearly filtered texture (the first labelmap's colour table), it tests whether
// this GPU filters 16-bit normalised textures: a WebGL2 context of its own, a program compiled, a point drawn and a
// pixel read back. With software WebGL (swiftshader) that took 190 ms of the first SEG's first frame, between its
// first segment decoded and on screen. vtk.js keeps the answer for the page, so it is asked as soon as the first
// image is on screen: asked while the viewer waited for the study's metadata, it delayed the first image (median of
// 10 loads +0.26 s); asked in an idle moment after it, it came too late when the SEG's first segment came soon after.
// Nothing else changes: the same function gives the same answer.
import supportsNorm16LinearCached from '@kitware/vtk.js/Rendering/OpenGL/Texture/supportsNorm16Linear';

let asked = false;

/** Has vtk.js run its texture test in a task of its own, now, once per page. */
export function warmUpTextureTest(): void {
  if (asked) return;
  asked = true;
  setTimeout(() => void supportsNorm16LinearCached(), 0);
}
