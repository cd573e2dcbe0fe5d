// The studies of a link, loaded over DICOMweb (studyModel.loadStudy), with what failed kept apart so that it can be
// asked again alone: a study whose QIDO failed, or one series whose metadata did. Everything already loaded stays.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DicomwebClient } from '../dicomweb/client';
import { loadSeriesMetadata, loadStudy, type DerivedInstance, type SeriesInfo, type StudyInfo } from './studyModel';
import { fetchDerivedInstance, isDecoded, loadDerivedSeries, withInstance } from './derivedLoading';
import { instanceLabel, seriesLabel } from './seriesLabel';
import type { Failure } from './FailureList';

/** `linked`: series the link names; derived ones among them download before the study's other derived objects. */
export function useStudies(client: DicomwebClient, studyUIDs: string[], linked: readonly string[] = []) {
  const [studies, setStudies] = useState<StudyInfo[]>([]);
  const [loading, setLoading] = useState(true);
  /** study UID -> why its QIDO failed */
  const [studyErrors, setStudyErrors] = useState<Record<string, string>>({});
  const partial = useRef(new Map<string, StudyInfo>());
  const signal = useRef<AbortSignal>(undefined);
  const uids = studyUIDs.join(',');
  // Read when a study loads (a link's series come with its studies; a change of them alone reloads nothing).
  const linkedFirst = useRef(linked);
  linkedFirst.current = linked;

  const publish = useCallback(() => {
    setStudies(studyUIDs.map((u) => partial.current.get(u)).filter((x): x is StudyInfo => !!x));
    // studyUIDs is read through uids
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [uids]);

  const loadOne = useCallback(
    (uid: string): Promise<void> => {
      const s = signal.current;
      setStudyErrors(({ [uid]: _gone, ...rest }) => rest);
      return loadStudy(
        client,
        uid,
        s,
        (st) => {
          if (s?.aborted) return;
          partial.current.set(uid, st);
          publish();
        },
        linkedFirst.current,
      ).then(
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

  /** Applies a change to one series of a loaded study (its other series untouched) and shows it. */
  const updateSeries = useCallback(
    (studyUID: string, seriesUID: string, apply: (s: SeriesInfo) => SeriesInfo) => {
      const cur = partial.current.get(studyUID);
      if (!cur) return;
      partial.current.set(studyUID, { ...cur, series: cur.series.map((x) => (x.seriesUID === seriesUID ? apply(x) : x)) });
      publish();
    },
    [publish],
  );

  /** Asks again for one series' metadata (images) or instances (derived objects); the study's other series are untouched. */
  const retrySeries = useCallback(
    (failed: SeriesInfo) => {
      const update = (apply: (s: SeriesInfo) => SeriesInfo): void => updateSeries(failed.studyUID, failed.seriesUID, apply);
      update((x) => ({ ...x, error: undefined }));
      if (isDecoded(failed)) {
        void loadDerivedSeries(client, failed, update, signal.current).catch(() => undefined);
        return;
      }
      const s: SeriesInfo = { ...failed, error: undefined };
      void loadSeriesMetadata(client, s, signal.current).then(() => update(() => ({ ...s })), () => undefined);
    },
    [client, updateSeries],
  );

  /** Asks again for one derived object whose download failed: only that object. */
  const retryInstance = useCallback(
    (s: SeriesInfo, inst: DerivedInstance) => {
      const update = (apply: (x: SeriesInfo) => SeriesInfo): void => updateSeries(s.studyUID, s.seriesUID, apply);
      update((x) => withInstance(x, inst.sopInstanceUID, { error: undefined }));
      const all = s.instances ?? [];
      const label = instanceLabel(s, all.indexOf(inst), all.length);
      void fetchDerivedInstance(client, s, inst, label, update, signal.current).catch(() => undefined);
    },
    [client, updateSeries],
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
      // An object whose download failed before its header was read: nothing can place it, this is the only message.
      // Once its header is known, the panel that shows it decodes it, waits for that download and says its failure
      // with its own Retry (one message, not two); shown nowhere, it is downloaded again when a series shows it.
      ...studies.flatMap((st) =>
        st.series.flatMap((s) =>
          (s.instances ?? [])
            .filter((i) => i.error && !i.header)
            .map((i) => ({
              key: `object:${i.sopInstanceUID}`,
              message: `${s.modality} "${seriesLabel(s)}": ${i.error}`,
              retry: () => retryInstance(s, i),
            })),
        ),
      ),
    ],
    [studyErrors, studies, loadOne, retrySeries, retryInstance],
  );

  return { studies, loading, failures };
}
