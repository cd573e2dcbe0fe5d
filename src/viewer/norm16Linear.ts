// Whether the GPU filters 16-bit normalised textures linearly. vtk.js asks this the first time it makes a linearly
// filtered texture (in Cornerstone, the first labelmap's colour table): some drivers offer EXT_texture_norm16 but
// sample it as nearest (KhronosGroup/WebGL#3706), and vtk.js then keeps such data in float textures. Its own test makes
// a WebGL2 context on the page, compiles a program, draws and reads a pixel back: with software WebGL that was one
// task of 190-600 ms on the page's main thread, the longest of a SEG's load. This module stands in for vtk.js's
// `Rendering/OpenGL/Texture/supportsNorm16Linear` in the build (vite.config.ts, moduleSwaps): the answer comes
// from the GPU warm-up worker (gpuWarmUp.ts), which runs the same kind of test on an OffscreenCanvas; only if vtk.js
// asks before that worker answered does the page test itself, as vtk.js would. The dev server keeps vtk.js's own.
import { greyPointProgram } from './gpuProbe';

/**
 * Draws one pixel that samples a 2x1 R16_SNORM texture (0, full scale) a quarter of the way between its texel
 * centres: filtered linearly, the pixel is about a quarter bright; sampled nearest it is black.
 */
export function norm16FiltersLinearly(gl: WebGL2RenderingContext): boolean {
  const norm16 = gl.getExtension('EXT_texture_norm16') as { R16_SNORM_EXT: number } | null;
  if (!norm16) return false;
  const program = greyPointProgram(gl, [0.375, 0.5]);
  if (!program) return false;
  gl.bindTexture(gl.TEXTURE_2D, gl.createTexture());
  gl.texImage2D(gl.TEXTURE_2D, 0, norm16.R16_SNORM_EXT, 2, 1, 0, gl.RED, gl.SHORT, new Int16Array([0, 32767]));
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.LINEAR);
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.LINEAR);
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE);
  gl.viewport(0, 0, 1, 1);
  gl.useProgram(program);
  gl.drawArrays(gl.POINTS, 0, 1);
  const pixel = new Uint8Array(4);
  gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, pixel);
  return pixel[0] > 0 && pixel[0] < 255;
}

let answer: boolean | undefined;
let answeredBy: 'worker' | 'page' | undefined;

/** The worker's answer, taken unless the page already has one. */
export function takeNorm16Answer(filtersLinearly: boolean): void {
  if (answer !== undefined) return;
  answer = filtersLinearly;
  answeredBy = 'worker';
}

/** The answer: the worker's if it came, else the page's own test, made now (once). */
export function norm16Answer(): boolean {
  if (answer === undefined) {
    answer = testOnThePage();
    answeredBy = 'page';
  }
  return answer;
}

function testOnThePage(): boolean {
  try {
    const gl = document.createElement('canvas').getContext('webgl2');
    if (!gl) return false;
    const works = norm16FiltersLinearly(gl);
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return works;
  } catch {
    return false;
  }
}

let vtkAsked = false;

/**
 * vtk.js's entry point (its name and contract: the answer, tested once per page). Only vtk.js calls it: the first
 * call leaves a performance mark saying who answered, which the end-to-end tests read (e2e/seg.spec.ts).
 */
export default function supportsNorm16LinearCached(): boolean {
  const filtersLinearly = norm16Answer();
  if (!vtkAsked) {
    vtkAsked = true;
    performance.mark('gpu:texture-question', { detail: { answeredBy, filtersLinearly } });
  }
  return filtersLinearly;
}
