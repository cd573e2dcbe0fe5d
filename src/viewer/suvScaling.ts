// PET images in SUVbw where their header allows it (dicom/pet/suv.ts): Cornerstone's image loader asks the metadata
// providers for a 'scalingModule' and, for a PT image given `suvbw`, decodes its pixels straight into SUV (and
// windows PET in SUV 0-5 by default). Without the factor the images stay in their stored units (Bq/mL), and the
// readout says so and why (suvOfImage).
import { metaData } from '@cornerstonejs/core';
import { wadors } from '@cornerstonejs/dicom-image-loader';
import { suvBodyWeight, type SuvResult } from '../dicom/pet/suv';
import type { DicomJsonDataset } from '../dicom/json';

const known = new WeakMap<object, SuvResult>();

/** SUV (or why not) of the image an id names, from the DICOM JSON registered for it (imageIds.ts). */
export function suvOfImage(imageId: string): SuvResult | null {
  const ds = wadors.metaDataManager.get(imageId) as unknown as DicomJsonDataset | undefined;
  if (!ds || (ds['00080060']?.Value?.[0] as string | undefined) !== 'PT') return null;
  let r = known.get(ds);
  if (!r) known.set(ds, (r = suvBodyWeight(ds)));
  return r;
}

let registered = false;

/** Once per page: before Cornerstone's own providers, which know no SUV. */
export function registerSuvScaling(): void {
  if (registered) return;
  registered = true;
  metaData.addProvider((type: string, imageId: string) => {
    if (type !== 'scalingModule') return undefined;
    const r = suvOfImage(imageId);
    return r?.suvbw ? { suvbw: r.suvbw } : undefined;
  }, 10_000);
}
