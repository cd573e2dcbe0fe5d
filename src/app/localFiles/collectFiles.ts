// The files a person gives the page: picked in a file dialog (several files, or a whole folder through
// webkitdirectory) or dropped (files and folders, walked through the File and Directory Entries API). Folders
// are taken as they come: IDC's s5cmd downloads (collection/patient/study/series/*.dcm, or flat UID-named
// files), DICOMDIR-less, any depth.
import type { PickedFile } from './localSource';

/** Files of an <input type=file> (multiple or webkitdirectory), with their path inside the folder when given. */
export function filesFromInput(list: FileList | null): PickedFile[] {
  return [...(list ?? [])].map((f) => ({ blob: f, path: f.webkitRelativePath || f.name }));
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

/** Every entry of a folder: readEntries gives them in batches (Chromium: 100) until an empty one. */
async function entriesOf(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader();
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (!batch.length) return all;
    all.push(...batch);
  }
}

async function walk(entry: FileSystemEntry, out: PickedFile[]): Promise<void> {
  if (entry.isFile) {
    out.push({ blob: await fileOf(entry as FileSystemFileEntry), path: entry.fullPath.replace(/^\//, '') });
  } else if (entry.isDirectory) {
    const children = await entriesOf(entry as FileSystemDirectoryEntry);
    children.sort((a, b) => a.name.localeCompare(b.name));
    for (const c of children) await walk(c, out);
  }
}

/**
 * The files of a drop, folders walked. The entries are taken before the first await: a DataTransfer's items
 * are readable only while the drop event is being handled.
 */
export async function filesFromDrop(dt: DataTransfer): Promise<PickedFile[]> {
  const entries = [...dt.items].filter((i) => i.kind === 'file').map((i) => i.webkitGetAsEntry?.() ?? null);
  if (!entries.length || entries.some((e) => !e)) return filesFromInput(dt.files);
  const out: PickedFile[] = [];
  for (const e of entries as FileSystemEntry[]) await walk(e, out);
  return out;
}
