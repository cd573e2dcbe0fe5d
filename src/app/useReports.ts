// The SR documents of the open studies: fetched once each and decoded in the worker.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { DicomwebClient } from '../dicomweb/client';
import { DicomwebError } from '../dicomweb/errors';
import type { ReportResult } from '../workers/protocol';
import { decodeReportInWorker } from './derivedDecoder';
import { seriesLabel, type SeriesInfo } from './studyModel';
import { setObjectProgress } from './objectProgress';

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
        .flatMap((s) => (s.instances ?? []).map((m) => ({ s, sop: m.sopInstanceUID, header: !!m.header, error: m.error }))),
    [allSeries],
  );
  useEffect(() => {
    // A report listed under a stand-in until its header named it (a one-instance series retrieved whole,
    // studyModel) goes by its own UID from then on: the stand-in's entry goes.
    const listed = new Set(instances.map((i) => i.sop));
    setEntries((prev) => (prev.every((e) => listed.has(e.key)) ? prev : prev.filter((e) => listed.has(e.key))));
    for (const { s, sop, header, error } of instances) {
      if (!sop || started.current.has(sop)) continue;
      const label = seriesLabel(s);
      const patch = (p: Partial<ReportEntry>): void => setEntries((prev) => prev.map((e) => (e.key === sop ? { ...e, ...p } : e)));
      setEntries((prev) => (prev.some((e) => e.key === sop) ? prev : [...prev, { key: sop, sopInstanceUID: sop, seriesLabel: label, status: 'loading' }]));
      // Its download (studyModel.fetchDerivedInstance, which marks 'sr:bytes' for the bench) failed before its header
      // was read: the study's message says so and its Retry asks again; here only the panel says it (no second
      // Retry, no second message).
      if (error && !header) {
        patch({ status: 'error', message: error.startsWith(label) ? error : `${label}: ${error}`, retry: undefined });
        continue;
      }
      if (!header) {
        patch({ status: 'loading', message: undefined });
        continue;
      }
      started.current.add(sop);
      const run = (): void => {
        // The worker holds its bytes (or they are still coming); downloaded again only when it no longer does.
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
      patch({ status: 'loading', message: undefined });
      run();
    }
  }, [client, instances]);
  // The download's progress is shown by the panel's ObjectPhase, which re-renders alone.
  return entries;
}
