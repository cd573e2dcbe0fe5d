// What this build is made of: the viewer's version (package.json) and the versions of the libraries that draw
// and parse, read from node_modules when it was built (vite.config.ts `define`).
import { version } from '../../package.json';

declare const __LIBRARY_VERSIONS__: Record<string, string> | undefined;

export const VIEWER_VERSION = version;

/** Library -> version; empty where the build did not define them (unit tests run the sources). */
export const LIBRARY_VERSIONS: Record<string, string> = typeof __LIBRARY_VERSIONS__ === 'undefined' ? {} : __LIBRARY_VERSIONS__;

export const LIBRARY_NAMES: Record<string, string> = {
  cornerstoneCore: '@cornerstonejs/core',
  cornerstoneTools: '@cornerstonejs/tools',
  dicomImageLoader: '@cornerstonejs/dicom-image-loader',
  dcmjs: 'dcmjs',
  react: 'React',
};
