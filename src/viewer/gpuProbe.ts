// What the GPU can do, asked in the GPU warm-up worker (gpuWarmUp.worker.ts) on an OffscreenCanvas: the facts
// Cornerstone's init asks for (renderingCapabilities.ts stands in for its probe in the build). Cornerstone answers
// them on the page with two WebGL contexts and a draw per texture format: 200-300 ms of the main thread before the
// first image with software WebGL. Same questions, our own test: can a texture of this format be sampled with
// this filter (a pixel drawn from it is grey, not black: an unsupported format or filter samples as black).

/** Cornerstone's RenderingCapabilities, field for field (its type, restated: this module also runs in a worker). */
export interface GpuCapabilities {
  webgl: boolean;
  webgl2: boolean;
  maxTextureSize: number;
  renderer: string;
  softwareRasterizer: boolean;
  norm16: boolean;
  norm16Linear: boolean;
  float: boolean;
  floatLinear: boolean;
  halfFloat: boolean;
  halfFloatLinear: boolean;
}

/** Renderers that draw on the CPU (their names as browsers report them). */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render/i;

interface Format {
  /** The extension the format or its filtering needs, if any */
  extension?: string;
  internalFormat: (gl: WebGL2RenderingContext, ext: Record<string, number> | null) => number;
  type: (gl: WebGL2RenderingContext) => number;
  /** Two texels of half the format's full scale */
  texels: ArrayBufferView;
}

const NORM16: Format = {
  extension: 'EXT_texture_norm16',
  internalFormat: (_gl, ext) => (ext as Record<string, number>).R16_SNORM_EXT,
  type: (gl) => gl.SHORT,
  texels: new Int16Array([16384, 16384]),
};
const FLOAT: Format = { internalFormat: (gl) => gl.R32F, type: (gl) => gl.FLOAT, texels: new Float32Array([0.5, 0.5]) };
// 0x3800 is 0.5 in IEEE half precision.
const HALF_FLOAT: Format = { internalFormat: (gl) => gl.R16F, type: (gl) => gl.HALF_FLOAT, texels: new Uint16Array([0x3800, 0x3800]) };

/**
 * A program drawing a 1x1 point whose colour is the red channel of its texture `t` sampled at `at` (texture
 * coordinates), as grey: the GPU tests here and in norm16Linear.ts draw with it.
 */
export function greyPointProgram(gl: WebGL2RenderingContext, at: readonly [number, number]): WebGLProgram | null {
  const shader = (type: number, source: string): WebGLShader | null => {
    const s = gl.createShader(type);
    if (!s) return null;
    gl.shaderSource(s, source);
    gl.compileShader(s);
    return gl.getShaderParameter(s, gl.COMPILE_STATUS) ? s : null;
  };
  const vertex = shader(gl.VERTEX_SHADER, '#version 300 es\nvoid main() { gl_PointSize = 1.0; gl_Position = vec4(0.0, 0.0, 0.0, 1.0); }');
  const fragment = shader(
    gl.FRAGMENT_SHADER,
    `#version 300 es\nprecision highp float;\nuniform highp sampler2D t;\nout vec4 c;\nvoid main() { c = vec4(texture(t, vec2(${at[0].toFixed(4)}, ${at[1].toFixed(4)})).rrr, 1.0); }`,
  );
  const program = gl.createProgram();
  if (!vertex || !fragment || !program) return null;
  gl.attachShader(program, vertex);
  gl.attachShader(program, fragment);
  gl.linkProgram(program);
  return gl.getProgramParameter(program, gl.LINK_STATUS) ? program : null;
}

/** Whether a texture of `format` sampled with `filter` draws grey (the program is in use, the viewport 1x1). */
function samples(gl: WebGL2RenderingContext, format: Format, filter: number, extraExtension?: string): boolean {
  try {
    const ext = format.extension ? (gl.getExtension(format.extension) as Record<string, number> | null) : null;
    if (format.extension && !ext) return false;
    if (extraExtension && !gl.getExtension(extraExtension)) return false;
    const texture = gl.createTexture();
    gl.bindTexture(gl.TEXTURE_2D, texture);
    gl.texImage2D(gl.TEXTURE_2D, 0, format.internalFormat(gl, ext), 2, 1, 0, gl.RED, format.type(gl), format.texels);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, filter);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, filter);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE);
    gl.clearColor(0, 0, 0, 0);
    gl.clear(gl.COLOR_BUFFER_BIT);
    gl.drawArrays(gl.POINTS, 0, 1);
    const pixel = new Uint8Array(4);
    gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, pixel);
    gl.deleteTexture(texture);
    while (gl.getError() !== gl.NO_ERROR) {
      // An unsupported format raises an error and samples black: the answer is already no.
    }
    return pixel[0] > 0 && pixel[0] === pixel[1] && pixel[1] === pixel[2];
  } catch {
    return false;
  }
}

/** The capabilities of a WebGL2 context (1x1 drawing buffer); null when the test itself cannot run. */
export function probeCapabilities(gl: WebGL2RenderingContext): GpuCapabilities | null {
  // Between the two texels: filtered or not, an equal pair samples as their value.
  const program = greyPointProgram(gl, [0.5, 0.5]);
  if (!program) return null;
  gl.useProgram(program);
  gl.viewport(0, 0, 1, 1);
  const debug = gl.getExtension('WEBGL_debug_renderer_info') as { UNMASKED_RENDERER_WEBGL: number } | null;
  const reported: unknown = gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER);
  const renderer = typeof reported === 'string' ? reported : '';
  const answer: GpuCapabilities = {
    webgl: true,
    webgl2: true,
    maxTextureSize: Number(gl.getParameter(gl.MAX_TEXTURE_SIZE)) || 0,
    renderer,
    softwareRasterizer: SOFTWARE_RENDERER.test(renderer),
    norm16: samples(gl, NORM16, gl.NEAREST),
    norm16Linear: samples(gl, NORM16, gl.LINEAR),
    float: samples(gl, FLOAT, gl.NEAREST),
    floatLinear: samples(gl, FLOAT, gl.LINEAR, 'OES_texture_float_linear'),
    halfFloat: samples(gl, HALF_FLOAT, gl.NEAREST),
    halfFloatLinear: samples(gl, HALF_FLOAT, gl.LINEAR),
  };
  return gl.isContextLost() ? null : answer;
}
