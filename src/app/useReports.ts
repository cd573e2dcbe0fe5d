// The SR documents of the open studies: fetched once each and decoded in the worker.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { DicomwebClient } from '../dicomweb/client';
import { DicomwebError } from '../dicomweb/errors';
import type { ReportResult } from '../workers/protocol';
import { decodeReportInWorker } from './derivedDecoder';
import { seriesLabel, type SeriesInfo } from './studyModel';
import { objectProgress, progressText, setObjectProgress, useObjectProgressVersion } from './objectProgress';

export interface ReportEntry {
  key: string;
  sopInstanceUID: string;
  seriesLabel: string;
  status: 'loading' | 'ready' | 'error';
  /** while loading: downloading x of y MB, decoding */
  phase?: string;
  message?: string;
  /** asks for the report again, when its download failed */
  retry?: () => void;
  report?: ReportResult;
}

export function useReports(client: DicomwebClient, allSeries: SeriesInfo[]): ReportEntry[] {
  const [entries, setEntries] = useState<ReportEntry[]>([]);
  const started = useRef(new Set<string>());
  const instances = useMemo(
    () =>
      allSeries
        .filter((s) => s.modality === 'SR' && s.instances?.length)
        .flatMap((s) => (s.instances ?? []).map((m) => ({ s, sop: m.sopInstanceUID }))),
    [allSeries],
  );
  useEffect(() => {
    for (const { s, sop } of instances) {
      if (!sop || started.current.has(sop)) continue;
      started.current.add(sop);
      const label = seriesLabel(s);
      setEntries((prev) => [...prev, { key: sop, sopInstanceUID: sop, seriesLabel: label, status: 'loading' }]);
      const patch = (p: Partial<ReportEntry>): void => setEntries((prev) => prev.map((e) => (e.key === sop ? { ...e, ...p } : e)));
      const run = (): void => {
        // Its bytes came with the study (studyModel.fetchDerivedInstance, which marks 'sr:bytes' for the bench);
        // downloaded again only when the worker no longer holds them.
        decodeReportInWorker(
          sop,
          (send, restart) => client.instancePieces(s.studyUID, s.seriesUID, sop, send, undefined, undefined, restart).then(() => undefined),
          label,
        )
          .finally(() => setObjectProgress(sop, undefined))
          .then(
            (report) => patch({ status: 'ready', report, message: report.problems.length ? `${report.problems.length} problem(s): ${report.problems[0]}` : undefined }),
            (e: Error) => {
              // A download that failed can be asked again; a damaged report cannot be mended so.
              const retry = e instanceof DicomwebError ? () => (patch({ status: 'loading', message: undefined, retry: undefined }), run()) : undefined;
              patch({ status: 'error', message: `${label}: ${e.message}`, retry });
            },
          );
      };
      run();
    }
  }, [client, instances]);
  const version = useObjectProgressVersion();
  return useMemo(
    () => entries.map((e) => (e.status === 'loading' ? { ...e, phase: progressText(objectProgress(e.key)) } : e)),
    // version: the progress of the objects changed
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [entries, version],
  );
}
