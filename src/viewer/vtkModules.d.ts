// vtk.js ships no types for this module (src/viewer/init.ts warms it).
declare module '@kitware/vtk.js/Rendering/OpenGL/Texture/supportsNorm16Linear.js' {
  /** vtk.js's once-per-page probe (a WebGL context of its own): can 16-bit normalised textures filter linearly */
  const supportsNorm16LinearCached: () => boolean;
  export default supportsNorm16LinearCached;
}
