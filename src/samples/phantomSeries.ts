import { ctSliceFile } from './ctImage';
import type { SampleFile } from './part10';
import { buildPhantom } from './phantomAnatomy';
import { labelsToHU, paintSliceLabels } from './phantomSlice';
import { PHANTOM_SEED } from './studyContext';
import type { StudyContext } from './studyContext';

/**
 * Walk the phantom slice by slice, head to feet: tissue labels, CT numbers and the encoded CT file of each
 * slice. Shared by the sample study and the big SEG, so both sit on byte-identical CT series.
 */
export function forEachPhantomSlice(
  context: StudyContext,
  visit: (sliceIndex: number, labels: Uint8Array, hu: Int16Array, ctFile: SampleFile) => void,
): void {
  const steps = buildPhantom(PHANTOM_SEED);
  for (let k = 0; k < context.geometry.slices; k++) {
    const labels = paintSliceLabels(steps, context.geometry, k);
    const hu = labelsToHU(labels, PHANTOM_SEED, k);
    visit(k, labels, hu, ctSliceFile(context, k, hu));
  }
}
