// vtk.js ships no typings for this module of its OpenGL texture code (see glWarmUp.ts).
declare module '@kitware/vtk.js/Rendering/OpenGL/Texture/supportsNorm16Linear' {
  /** Whether this GPU filters 16-bit normalised textures linearly; tested once per page, then kept. */
  export default function supportsNorm16LinearCached(): boolean;
}
