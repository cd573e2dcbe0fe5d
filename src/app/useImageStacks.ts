// The image stacks of the study's series, built once each from their metadata; a parametric map opened alone
// becomes a stack of its own values.
import { useCallback, useRef } from 'react';
import type { DicomwebClient } from '../dicomweb/client';
import { seriesLabel, type SeriesInfo } from './studyModel';
import { buildImageStack, type ImageStack } from '../viewer/imageIds';
import { mapImageStack } from '../viewer/mapImages';
import { decodeParametricMapInWorker } from './derivedDecoder';

export function useImageStacks(client: DicomwebClient, addError: (m: string) => void, showAlone: (s: SeriesInfo) => void) {
  const stacks = useRef(new Map<string, ImageStack>());

  const stackOf = useCallback(
    (s: SeriesInfo): ImageStack | undefined => {
      if (s.derived) return undefined;
      let st = stacks.current.get(s.seriesUID);
      if (!st) {
        if (!s.metadata) return undefined;
        st = buildImageStack(client.root, s.studyUID, s.seriesUID, s.metadata);
        stacks.current.set(s.seriesUID, st);
      }
      return st;
    },
    [client],
  );

  // A parametric map opened alone: its values on its own grid, shown as the series (overlays of its Frame of
  // Reference still apply).
  const openMapAlone = useCallback(
    (s: SeriesInfo) => {
      const sop = s.instances?.[0]?.sopInstanceUID;
      if (!sop) return;
      const show = (): void => showAlone({ ...s, derived: false, metadata: [] });
      if (stacks.current.has(s.seriesUID)) return show();
      decodeParametricMapInWorker(`${sop}:alone`, (send, restart) => client.instancePieces(s.studyUID, s.seriesUID, sop, send, undefined, undefined, restart).then(() => undefined), seriesLabel(s), null)
        .then((r) => {
          const { min, max } = r.statistics;
          if (min === null || max === null) throw new Error('it has no finite value');
          const planes = r.series.planes;
          stacks.current.set(s.seriesUID, mapImageStack({ key: sop, planes, frameOfReferenceUID: r.series.frameOfReferenceUID, values: r.volume.values, min, max, seriesDescription: seriesLabel(s) }));
          show();
        })
        .catch((e: Error) => addError(`${seriesLabel(s)} cannot be opened alone: ${e.message}`));
    },
    [client, addError, showAlone],
  );

  return { stackOf, openMapAlone };
}
