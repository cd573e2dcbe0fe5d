// The page's local data source: files dropped or picked in this tab, or Part 10 files named by `?url=` links.
// Each opening makes a new LocalSource (the previous one is let go) and goes to what it holds: the viewer when
// the files make one study, the study list of the files otherwise.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AppRoute } from '../routes';
import type { AppConfig } from '../config';
import { LocalSource, type AddResult, type PickedFile } from './localSource';
import { fetchPart10, part10Url } from '../../dicomweb/part10Urls';
import { describeOpening } from './openingText';

export type LocalStatus =
  | { kind: 'reading'; text: string }
  | { kind: 'done'; text: string; problems: string[]; error: boolean };

/** URLs fetched at once: a static host serves six connections per origin; four leave room for the page. */
const PARALLEL_URLS = 4;

export function useLocalFiles(route: AppRoute, navigate: (href: string) => void, config: AppConfig | null) {
  const [held, setHeld] = useState<{ source: LocalSource; urls: string } | null>(null);
  const [status, setStatus] = useState<LocalStatus | null>(null);
  const opening = useRef(0);

  // The source let go stops its worker.
  useEffect(() => () => held?.source.close(), [held]);

  const open = useCallback(
    async (files: PickedFile[], name: string, urls: string, failed: string[] = []): Promise<AddResult | null> => {
      const n = ++opening.current;
      const source = new LocalSource(name);
      setStatus({ kind: 'reading', text: `Reading ${files.length} file${files.length === 1 ? '' : 's'}…` });
      let result: AddResult;
      try {
        result = await source.add(files, (done, total) => {
          if (n === opening.current) setStatus({ kind: 'reading', text: `Reading files: ${done} of ${total}…` });
        });
      } catch (e) {
        source.close();
        if (n === opening.current) setStatus({ kind: 'done', text: `The files could not be read: ${(e as Error).message}`, problems: failed, error: true });
        return null;
      }
      if (n !== opening.current) {
        source.close();
        return null;
      }
      const told = describeOpening(files.length, result);
      setStatus({ kind: 'done', text: told.text, problems: [...failed, ...told.problems], error: result.indexed === 0 });
      if (result.indexed === 0) {
        source.close();
        return null;
      }
      setHeld({ source, urls });
      return result;
    },
    [],
  );

  /** Files dropped or picked: shown under `files` (a reload forgets them, and says so). */
  const openFiles = useCallback(
    (files: PickedFile[]) => {
      if (!files.length) return;
      void open(files, 'Local files', '').then((r) => {
        if (!r) return;
        const q = new URLSearchParams({ files: '1' });
        if (r.studyUIDs.length === 1) q.set('StudyInstanceUIDs', r.studyUIDs[0]);
        navigate(`${route.appRoot}${r.studyUIDs.length === 1 ? 'viewer/' : ''}?${q.toString()}`);
      });
    },
    [open, navigate, route.appRoot],
  );

  // `?url=` links: fetched, then read like dropped files. A link that names no study opens what they hold.
  const urlKey = route.partTenUrls.join('\n');
  const fetched = useRef('');
  const wantsStudies = useRef(false);
  wantsStudies.current = route.studyUIDs.length === 0;
  useEffect(() => {
    if (!urlKey || !config || fetched.current === urlKey) return;
    fetched.current = urlKey;
    const ac = new AbortController();
    let fetching = true;
    const urls = urlKey.split('\n');
    void (async () => {
      const files: PickedFile[] = [];
      const failed: string[] = [];
      let next = 0;
      let done = 0;
      setStatus({ kind: 'reading', text: `Fetching ${urls.length} file${urls.length === 1 ? '' : 's'}…` });
      const worker = async (): Promise<void> => {
        while (next < urls.length) {
          const value = urls[next++];
          try {
            const url = part10Url(value, window.location.href);
            files.push({ blob: await fetchPart10(url, config.network, ac.signal), path: url.href });
          } catch (e) {
            if (ac.signal.aborted) return;
            failed.push(`${value}: ${(e as Error).message}`);
          }
          done++;
          if (!ac.signal.aborted) setStatus({ kind: 'reading', text: `Fetching files: ${done} of ${urls.length}…` });
        }
      };
      await Promise.all(Array.from({ length: Math.min(PARALLEL_URLS, urls.length) }, worker));
      if (ac.signal.aborted) return;
      fetching = false;
      // In link order, whatever order they arrived in.
      files.sort((a, b) => urls.indexOf(a.path) - urls.indexOf(b.path));
      const r = files.length ? await open(files, 'Files from links', urlKey, failed) : null;
      if (!files.length) setStatus({ kind: 'done', text: `None of the ${urls.length} linked file${urls.length === 1 ? '' : 's'} could be fetched.`, problems: failed, error: true });
      // The link named no study: open what the files hold (a link naming studies is shown as it is).
      if (!r || !wantsStudies.current || fetched.current !== urlKey) return;
      const q = new URLSearchParams(window.location.search);
      if (r.studyUIDs.length === 1) q.set('StudyInstanceUIDs', r.studyUIDs[0]);
      navigate(`${route.appRoot}${r.studyUIDs.length === 1 ? 'viewer/' : ''}?${q.toString()}`);
    })();
    return () => {
      ac.abort();
      // Left before the files came: the next run fetches them again.
      if (fetching) fetched.current = '';
    };
  }, [urlKey, config, open, navigate, route.appRoot]);

  /** The local source this route reads, if it reads one and it is here. */
  const source = useMemo(() => {
    if (!held) return null;
    if (urlKey) return held.urls === urlKey ? held.source : null;
    return route.localFiles && held.urls === '' ? held.source : null;
  }, [held, urlKey, route.localFiles]);

  const dismiss = useCallback(() => setStatus(null), []);
  return { source, status, openFiles, dismiss };
}
