// See gpuWarmUp.ts: a WebGL2 context made here, so the page's first one finds the GPU channel set up, and vtk.js's
// texture question answered here (norm16Linear.ts) instead of on the page.
import { norm16FiltersLinearly } from './norm16Linear';

let webgl2 = false;
let filtersLinearly = false;
try {
  const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
  if (gl) {
    webgl2 = true;
    filtersLinearly = norm16FiltersLinearly(gl);
    gl.getExtension('WEBGL_lose_context')?.loseContext();
  }
} catch {
  // No WebGL2 here: the page finds out in its own probe.
}
postMessage({ webgl2, filtersLinearly });
