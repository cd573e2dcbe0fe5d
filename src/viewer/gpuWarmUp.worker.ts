// See gpuWarmUp.ts: a WebGL2 context made here, so the page's first one finds the GPU channel set up; vtk.js's
// texture question (norm16Linear.ts) and Cornerstone's capability questions (gpuProbe.ts) answered here instead of on
// the page.
import { norm16FiltersLinearly } from './norm16Linear';
import { probeCapabilities, type GpuCapabilities } from './gpuProbe';

let webgl2 = false;
let filtersLinearly = false;
let capabilities: GpuCapabilities | null = null;
try {
  const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
  if (gl) {
    webgl2 = true;
    filtersLinearly = norm16FiltersLinearly(gl);
    capabilities = probeCapabilities(gl);
    gl.getExtension('WEBGL_lose_context')?.loseContext();
  }
} catch {
  // No WebGL2 here: the page finds out in its own probe.
}
postMessage({ webgl2, filtersLinearly, capabilities });
