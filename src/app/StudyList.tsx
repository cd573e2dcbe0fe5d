import { useEffect, useState, type FormEvent } from 'react';
import { OpenFilesButtons } from './localFiles/LocalFilesUi';
import { AboutButton } from './AboutDialog';
import type { AppRoute } from './routes';
import { listHref, viewerHref } from './routes';
import type { DicomwebClient } from '../dicomweb/client';
import { num, personName, str, strs, type DicomJsonDataset } from '../dicom/json';
import { formatDate } from './studyModel';
import { dateQuery } from './dateQuery';
import { AppLink } from './navigation';
import { Tag } from '../dicom/tags';

const MODALITIES = ['CT', 'MR', 'PT', 'SEG', 'RTSTRUCT', 'SR', 'CR', 'DX', 'US', 'NM'];

interface Props {
  route: AppRoute;
  client: DicomwebClient;
}

export function StudyList({ route, client }: Props) {
  const [patient, setPatient] = useState(route.patient);
  const [modality, setModality] = useState(route.modality);
  const [date, setDate] = useState(route.date);
  const [description, setDescription] = useState(route.description);
  const [accession, setAccession] = useState(route.accession);
  const [rows, setRows] = useState<DicomJsonDataset[] | null>(null);
  const [error, setError] = useState<string>();
  /** the server failed (not the filters): the Retry button asks again */
  const [retryable, setRetryable] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const [filters, setFilters] = useState({ patient: route.patient, modality: route.modality, date: route.date, description: route.description, accession: route.accession });

  useEffect(() => {
    const ac = new AbortController();
    setRows(null);
    setError(undefined);
    setRetryable(false);
    const base: Record<string, string | undefined> = { limit: '200' };
    if (filters.description.trim()) base.StudyDescription = `*${filters.description.trim()}*`;
    if (filters.accession.trim()) base.AccessionNumber = filters.accession.trim();
    if (filters.date) {
      // A date that cannot be read is said, not dropped (dropping it listed every study).
      const q = dateQuery(filters.date);
      if (q instanceof Error) {
        setError(q.message);
        setRows([]);
        return;
      }
      base.StudyDate = q;
    }
    const p = filters.patient.trim();
    // One box for ID or name. QIDO has no OR, so ask by ID and by name and merge; servers differ in wildcard
    // support (Google's store matches IDs exactly), so a failed variant is dropped if another answers.
    const byPatient = p ? [{ PatientID: p }, { PatientID: `${p}*` }, { PatientName: `*${p}*` }] : [{}];
    // Several modalities (OHIF's `modalities=CT,MR`): a study with any of them, one query per modality.
    const modalities = filters.modality.split(/[,\\]/).map((m) => m.trim()).filter(Boolean);
    const variants = modalities.length ? modalities.flatMap((m) => byPatient.map((v) => ({ ...v, ModalitiesInStudy: m }))) : byPatient;
    Promise.allSettled(variants.map((v) => client.searchStudies({ ...base, ...v }, ac.signal)))
      .then((results) => {
        if (ac.signal.aborted) return;
        const ok = results.filter((r): r is PromiseFulfilledResult<DicomJsonDataset[]> => r.status === 'fulfilled');
        if (!ok.length) {
          setError(((results[0] as PromiseRejectedResult).reason as Error).message);
          setRetryable(true);
          return;
        }
        const seen = new Map<string, DicomJsonDataset>();
        for (const r of ok.flatMap((x) => x.value)) seen.set(str(r, Tag.StudyInstanceUID) ?? '', r);
        setRows([...seen.values()]);
      })
      .catch((e: Error) => setError(e.message));
    return () => ac.abort();
  }, [client, filters, attempt]);

  const onSubmit = (e: FormEvent): void => {
    e.preventDefault();
    const next = { patient, modality, date, description, accession };
    setFilters(next);
    window.history.replaceState(null, '', listHref(route, new URLSearchParams(window.location.search), next));
  };

  const search = new URLSearchParams(window.location.search);
  return (
    <main className="study-list">
      <header className="topbar">
        <h1>Studies</h1>
        <OpenFilesButtons />
        <span className="source" title={client.root}>
          Source: {client.name}
        </span>
        <AboutButton client={client} />
      </header>
      <form className="filters" onSubmit={onSubmit} role="search">
        <label>
          Patient ID or name
          <input name="patient" value={patient} onChange={(e) => setPatient(e.target.value)} placeholder="e.g. LUNG1-002" />
        </label>
        <label>
          Modality
          <select name="modality" value={modality} onChange={(e) => setModality(e.target.value)}>
            <option value="">any</option>
            {[...MODALITIES, ...(modality && !MODALITIES.includes(modality) ? [modality] : [])].map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </label>
        <label>
          Study date
          <input name="date" value={date} onChange={(e) => setDate(e.target.value)} placeholder="YYYYMMDD or range A-B" />
        </label>
        <label>
          Description
          <input name="description" value={description} onChange={(e) => setDescription(e.target.value)} placeholder="part of the study description" />
        </label>
        <label>
          Accession
          <input name="accession" value={accession} onChange={(e) => setAccession(e.target.value)} />
        </label>
        <button type="submit">Search</button>
      </form>
      {error && (
        <div className="banner error" role="alert">
          {error}
          {retryable && (
            <button type="button" className="retry" onClick={() => setAttempt((n) => n + 1)}>
              Retry
            </button>
          )}
        </div>
      )}
      {!rows && !error && <p className="muted">Searching…</p>}
      {rows && rows.length === 0 && <p className="muted">No studies match.</p>}
      {rows && rows.length > 0 && (
        <table className="studies" aria-label="Studies">
          <thead>
            <tr>
              <th>Patient</th>
              <th>Patient ID</th>
              <th>Date</th>
              <th>Description</th>
              <th>Modalities</th>
              <th>Series</th>
              <th>Instances</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const uid = str(r, Tag.StudyInstanceUID) ?? '';
              return (
                <tr key={uid} data-study-uid={uid}>
                  <td>
                    <AppLink href={viewerHref(route, search, [uid])}>{personName(r, Tag.PatientName) || '(no name)'}</AppLink>
                  </td>
                  <td>{str(r, Tag.PatientID)}</td>
                  <td>{formatDate(str(r, Tag.StudyDate) ?? '')}</td>
                  <td>{str(r, Tag.StudyDescription)}</td>
                  <td>{strs(r, Tag.ModalitiesInStudy).join(', ')}</td>
                  <td>{num(r, Tag.NumberOfStudyRelatedSeries) ?? ''}</td>
                  <td>{num(r, Tag.NumberOfStudyRelatedInstances) ?? ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </main>
  );
}
