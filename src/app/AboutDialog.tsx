// About: what this viewer is, its version and its libraries', and the data source in use (never its token).
import { useEffect, useRef, useState } from 'react';
import type { DicomwebClient } from '../dicomweb/client';
import { LIBRARY_NAMES, LIBRARY_VERSIONS, VIEWER_VERSION } from './buildInfo';
import { LOCAL_ROOT } from './localFiles/localSource';

/** The root as it may be shown: without user name, password or query (a signed URL's key). */
function shownRoot(root: string): string {
  try {
    const u = new URL(root);
    return `${u.origin}${u.pathname}`;
  } catch {
    return root;
  }
}

export function AboutButton({ client }: { client: DicomwebClient }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="about-button" onClick={() => setOpen(true)} aria-haspopup="dialog">
        About
      </button>
      {open && <AboutDialog client={client} onClose={() => setOpen(false)} />}
    </>
  );
}

function AboutDialog({ client, onClose }: { client: DicomwebClient; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
  }, []);
  const local = client.root === LOCAL_ROOT;
  return (
    <dialog ref={dialog} className="about" aria-labelledby="about-title" onClose={onClose} onCancel={onClose}>
      <h2 id="about-title">IDC annotation viewer</h2>
      <p>DICOM images with their segmentations (SEG), structure sets (RTSTRUCT), measurement reports (SR) and parametric maps.</p>
      <dl data-testid="about-versions">
        <div className="about-row">
          <dt>Viewer</dt>
          <dd data-testid="about-viewer-version">{VIEWER_VERSION}</dd>
        </div>
        {Object.entries(LIBRARY_NAMES).map(([key, name]) => (
          <div key={key} className="about-row">
            <dt>{name}</dt>
            <dd data-testid={`about-${key}`}>{LIBRARY_VERSIONS[key] ?? 'unknown'}</dd>
          </div>
        ))}
        <div className="about-row">
          <dt>Data source</dt>
          <dd data-testid="about-server">{local ? `${client.name}: read in this tab, nothing uploaded` : `${client.name} (${shownRoot(client.root)})`}</dd>
        </div>
      </dl>
      <form method="dialog">
        <button type="submit" autoFocus>
          Close
        </button>
      </form>
    </dialog>
  );
}
