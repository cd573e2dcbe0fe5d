// What the person sees of local files: the two pickers (files, a folder), the drop target over the whole page,
// the message after reading, and the page a reload leaves when the files it showed are gone.
import { createContext, useContext, useEffect, useRef, useState } from 'react';
import { filesFromDrop, filesFromInput } from './collectFiles';
import type { PickedFile } from './localSource';
import type { LocalStatus } from './useLocalFiles';

/** How any page of the app hands files over (the App's useLocalFiles). */
export const OpenFilesContext = createContext<((files: PickedFile[]) => void) | null>(null);

export function OpenFilesButtons() {
  const open = useContext(OpenFilesContext);
  const files = useRef<HTMLInputElement>(null);
  const folder = useRef<HTMLInputElement>(null);
  // webkitdirectory is not in React's attribute types: set on the element.
  useEffect(() => folder.current?.setAttribute('webkitdirectory', ''), []);
  if (!open) return null;
  const take = (input: HTMLInputElement | null): void => {
    if (!input) return;
    open(filesFromInput(input.files));
    input.value = '';
  };
  return (
    <span className="open-files">
      <button type="button" onClick={() => files.current?.click()} title="Open DICOM files from this computer (nothing is uploaded)">
        Open files…
      </button>
      <button type="button" onClick={() => folder.current?.click()} title="Open a folder of DICOM files, e.g. an IDC download (nothing is uploaded)">
        Open folder…
      </button>
      <input ref={files} type="file" multiple hidden data-testid="open-files" aria-label="DICOM files to open" onChange={(e) => take(e.currentTarget)} />
      <input ref={folder} type="file" multiple hidden data-testid="open-folder" aria-label="Folder of DICOM files to open" onChange={(e) => take(e.currentTarget)} />
    </span>
  );
}

/** Files or folders dragged over the page: a target over everything; dropped, they are opened. */
export function DropTarget({ onFiles }: { onFiles: (files: PickedFile[]) => void }) {
  const [over, setOver] = useState(false);
  useEffect(() => {
    let depth = 0;
    const hasFiles = (e: DragEvent): boolean => !!e.dataTransfer && [...e.dataTransfer.types].includes('Files');
    const enter = (e: DragEvent): void => {
      if (!hasFiles(e)) return;
      depth++;
      setOver(true);
    };
    const leave = (e: DragEvent): void => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (!depth) setOver(false);
    };
    const overIt = (e: DragEvent): void => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const drop = (e: DragEvent): void => {
      if (!hasFiles(e) || !e.dataTransfer) return;
      e.preventDefault();
      depth = 0;
      setOver(false);
      void filesFromDrop(e.dataTransfer).then(onFiles);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', overIt);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', overIt);
      window.removeEventListener('drop', drop);
    };
  }, [onFiles]);
  return over ? (
    <div className="drop-target" aria-hidden="true">
      Drop DICOM files or a folder to open them here. Nothing is uploaded.
    </div>
  ) : null;
}

export function LocalFilesStatus({ status, onDismiss }: { status: LocalStatus | null; onDismiss: () => void }) {
  if (!status) return null;
  if (status.kind === 'reading') {
    return (
      <div className="banner local-files" role="status" data-testid="local-files-status">
        {status.text}
      </div>
    );
  }
  return (
    <div className={`banner local-files${status.error ? ' error' : ''}`} role={status.error ? 'alert' : 'status'} data-testid="local-files-status">
      <span>{status.text}</span>
      {status.problems.length > 0 && (
        <ul>
          {status.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <button type="button" className="dismiss" aria-label="Dismiss this message" onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}

/** A `files` link after a reload: the browser does not keep files across one. */
export function LocalFilesGone({ fromLinks }: { fromLinks: boolean }) {
  return (
    <main className="study-list">
      <header className="topbar">
        <h1>Local files</h1>
        <OpenFilesButtons />
      </header>
      {!fromLinks && (
        <p className="banner" role="status">
          The files opened in this tab before it was reloaded are not kept by the browser. Open them again (or drop
          them here) to see them.
        </p>
      )}
    </main>
  );
}
