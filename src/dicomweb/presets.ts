// Known DICOMweb servers and how a root given by a person becomes an absolute URL.
export const IDC_PROXY =
  'https://proxy.imaging.datacommons.cancer.gov/current/viewer-only-no-downloads-see-tinyurl-dot-com-slash-3j3d9jyp/dicomWeb';

export interface DataSource {
  id: string;
  label: string;
  root: string;
}

export const PRESETS: Record<string, (appRoot: string) => DataSource> = {
  local: (appRoot) => ({ id: 'local', label: 'Bundled sample (embedded server)', root: `${appRoot}dicomweb` }),
  idc: () => ({ id: 'idc', label: 'NCI Imaging Data Commons', root: IDC_PROXY }),
  orthanc: (appRoot) => ({ id: 'orthanc', label: 'Orthanc (proxied at /orthanc)', root: `${appRoot}orthanc/dicom-web` }),
};

/** Google Healthcare store path: projects/P/locations/L/datasets/D/dicomStores/S */
export function googleHealthcareRoot(storePath: string): string {
  const p = storePath.replace(/^\/+|\/+$/g, '').replace(/\/dicomWeb$/, '');
  if (!/^projects\/[^/]+\/locations\/[^/]+\/datasets\/[^/]+\/dicomStores\/[^/]+$/.test(p)) {
    throw new Error(`Not a Google Healthcare DICOM store path: ${storePath} (expected projects/P/locations/L/datasets/D/dicomStores/S)`);
  }
  return `https://healthcare.googleapis.com/v1/${p}/dicomWeb`;
}

/**
 * `?dicomweb=` takes an absolute http(s) URL or a path on this origin. Other schemes (`javascript:`, `data:`,
 * `file:`) are refused: a root is only ever fetched, but a link must not make the viewer fetch from them either.
 */
export function resolveRoot(value: string, origin: string, appRoot: string): string {
  const base = `${origin}${appRoot}`;
  const abs = value.startsWith('/') && !value.startsWith('//') ? new URL(`${origin}${value}`) : new URL(value, base);
  if (abs.protocol !== 'http:' && abs.protocol !== 'https:') {
    throw new Error(`dicomweb: "${value}" is not an http(s) address or a path on this site`);
  }
  return abs.href.replace(/\/+$/, '');
}
