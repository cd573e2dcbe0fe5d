// "Download": the shown series and its derived objects as a zip of Part 10 files (seriesZip.ts).
import { useEffect, useRef, useState } from 'react';
import type { DicomwebClient } from '../../dicomweb/client';
import type { SeriesGroup } from '../studyModel';
import { seriesZip, type ZipProgress } from './seriesZip';
import { downloadBlob, fileName } from '../download';

export function SeriesDownload({ client, group, patientID, onError }: { client: DicomwebClient; group: SeriesGroup | undefined; patientID: string; onError: (m: string) => void }) {
  const [progress, setProgress] = useState<ZipProgress | null>(null);
  const ac = useRef<AbortController | null>(null);
  // Leaving the page stops the downloads.
  useEffect(() => () => ac.current?.abort(), []);
  const image = group?.image;
  const count = (image ? 1 : 0) + (group?.derived.length ?? 0);
  const start = (): void => {
    if (!group || progress) return;
    const ctl = (ac.current = new AbortController());
    setProgress({ done: 0, total: 0 });
    seriesZip(client, group, setProgress, ctl.signal)
      .then((blob) => downloadBlob(fileName([patientID, image?.modality, image?.seriesNumber, image?.description].filter(Boolean).join('_'), 'zip'), blob))
      .catch((e: Error) => {
        if (!ctl.signal.aborted) onError(`Download of the series as a zip failed: ${e.message}`);
      })
      .finally(() => setProgress(null));
  };
  return (
    <button
      type="button"
      className="series-download"
      disabled={!group || !!progress}
      onClick={start}
      title={`Download the shown series${count > 1 ? ` and the ${count - 1} series derived from it` : ''} as a zip of DICOM files`}
      aria-label="Download the shown series and its derived objects as a zip of DICOM files"
    >
      {progress ? `Zipping ${progress.done}/${progress.total || '…'}` : 'Download zip'}
    </button>
  );
}
