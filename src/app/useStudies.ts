// The studies of a link, loaded over DICOMweb (studyModel.loadStudy), with what failed kept apart so that it can be
// asked again alone: a study whose QIDO failed, or one series whose metadata did. Everything already loaded stays.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DicomwebClient } from '../dicomweb/client';
import { loadSeriesMetadata, loadStudy, seriesLabel, type SeriesInfo, type StudyInfo } from './studyModel';
import type { Failure } from './FailureList';

export function useStudies(client: DicomwebClient, studyUIDs: string[]) {
  const [studies, setStudies] = useState<StudyInfo[]>([]);
  const [loading, setLoading] = useState(true);
  /** study UID -> why its QIDO failed */
  const [studyErrors, setStudyErrors] = useState<Record<string, string>>({});
  const partial = useRef(new Map<string, StudyInfo>());
  const signal = useRef<AbortSignal>(undefined);
  const uids = studyUIDs.join(',');

  const publish = useCallback(() => {
    setStudies(studyUIDs.map((u) => partial.current.get(u)).filter((x): x is StudyInfo => !!x));
    // studyUIDs is read through uids
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [uids]);

  const loadOne = useCallback(
    (uid: string): Promise<void> => {
      const s = signal.current;
      setStudyErrors(({ [uid]: _gone, ...rest }) => rest);
      return loadStudy(client, uid, s, (st) => {
        if (s?.aborted) return;
        partial.current.set(uid, st);
        publish();
      }).then(
        () => undefined,
        (e: Error) => {
          if (!s?.aborted) setStudyErrors((m) => ({ ...m, [uid]: `Study ${uid}: ${e.message}` }));
        },
      );
    },
    [client, publish],
  );

  useEffect(() => {
    const ac = new AbortController();
    signal.current = ac.signal;
    partial.current = new Map();
    setStudies([]);
    setStudyErrors({});
    setLoading(true);
    void Promise.all(uids.split(',').filter(Boolean).map(loadOne)).then(() => {
      if (!ac.signal.aborted) setLoading(false);
    });
    return () => ac.abort();
  }, [uids, loadOne]);

  /** Asks again for one series' metadata; the study's other series are untouched. */
  const retrySeries = useCallback(
    (failed: SeriesInfo) => {
      const st = partial.current.get(failed.studyUID);
      if (!st) return;
      const s: SeriesInfo = { ...failed, error: undefined };
      const put = (): void => {
        const cur = partial.current.get(failed.studyUID);
        if (!cur) return;
        partial.current.set(failed.studyUID, { ...cur, series: cur.series.map((x) => (x.seriesUID === s.seriesUID ? { ...s } : x)) });
        publish();
      };
      put();
      void loadSeriesMetadata(client, s, signal.current).then(put, () => undefined);
    },
    [client, publish],
  );

  const failures = useMemo<Failure[]>(
    () => [
      ...Object.entries(studyErrors).map(([uid, message]) => ({ key: `study:${uid}`, message, retry: () => void loadOne(uid) })),
      ...studies.flatMap((st) =>
        st.series
          .filter((s) => s.error)
          .map((s) => ({
            key: `series:${s.seriesUID}`,
            message: `${s.modality} series "${seriesLabel(s)}": ${s.error}`,
            retry: () => retrySeries(s),
          })),
      ),
    ],
    [studyErrors, studies, loadOne, retrySeries],
  );

  return { studies, loading, failures };
}
