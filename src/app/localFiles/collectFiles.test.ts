// A dropped folder walked as Chromium hands it over: a DataTransfer whose items give FileSystemEntry objects, each
// folder's reader giving at most 100 entries per readEntries call, then an empty batch. Playwright cannot drop a
// real folder (its drag and drop carries no entries), so the entries here are fakes with the API's shape.
import { describe, expect, it } from 'vitest';
import { filesFromDrop } from './collectFiles';

/** Chromium's batch size for FileSystemDirectoryReader.readEntries. */
const BATCH = 100;

interface FakeTree {
  [name: string]: FakeTree | string;
}

let readCalls = 0;

function entryOf(name: string, fullPath: string, node: FakeTree | string): FileSystemEntry {
  if (typeof node === 'string') {
    const file = new File([node], name);
    return { name, fullPath, isFile: true, isDirectory: false, file: (ok: (f: File) => void) => setTimeout(() => ok(file), 0) } as unknown as FileSystemEntry;
  }
  // Created in insertion order; the walker sorts by name, so this order is shuffled to make that matter.
  const children = Object.entries(node).reverse().map(([n, child]) => entryOf(n, `${fullPath}/${n}`, child));
  return {
    name,
    fullPath,
    isFile: false,
    isDirectory: true,
    createReader: () => {
      let at = 0;
      return {
        readEntries: (ok: (batch: FileSystemEntry[]) => void) => {
          readCalls++;
          const batch = children.slice(at, at + BATCH);
          at += batch.length;
          setTimeout(() => ok(batch), 0);
        },
      };
    },
  } as unknown as FileSystemEntry;
}

function dropOf(roots: Record<string, FakeTree | string>): DataTransfer {
  const items = Object.entries(roots).map(([name, node]) => ({ kind: 'file', webkitGetAsEntry: () => entryOf(name, `/${name}`, node) }));
  return { items, files: [] } as unknown as DataTransfer;
}

const pad = (i: number): string => String(i).padStart(4, '0');

describe('filesFromDrop', () => {
  it('walks nested folders, a folder of 250 files read in batches of 100, and a loose file dropped beside them', async () => {
    // IDC's s5cmd layout: collection/patient/study/series/*.dcm; one series of 250 files, one of 3, and a note.
    const big: FakeTree = {};
    for (let i = 0; i < 250; i++) big[`${pad(i)}.dcm`] = `ct ${i}`;
    const seg: FakeTree = { '0001.dcm': 'seg' };
    const tree: FakeTree = { 'patient-1': { 'study-1': { 'series-ct': big, 'series-seg': seg, 'notes.txt': 'hello' } } };
    readCalls = 0;
    const files = await filesFromDrop(dropOf({ collection: tree, 'loose.dcm': 'loose' }));

    const expected = [
      ...Array.from({ length: 250 }, (_, i) => `collection/patient-1/study-1/series-ct/${pad(i)}.dcm`),
      'collection/patient-1/study-1/series-seg/0001.dcm',
      'collection/patient-1/study-1/notes.txt',
    ].sort();
    const paths = files.map((f) => f.path);
    expect(paths.filter((p) => p.startsWith('collection/')).sort()).toEqual(expected);
    expect(paths).toContain('loose.dcm');
    expect(files).toHaveLength(expected.length + 1);
    // Each file's bytes are its own.
    const i = paths.indexOf('collection/patient-1/study-1/series-ct/0249.dcm');
    expect(await files[i].blob.text()).toBe('ct 249');
    // The 250-entry folder took 3 full-or-partial batches and the empty one that ends it (4 calls); the other
    // four folders one batch and the empty one each (8 calls).
    expect(readCalls).toBe(4 + 8);
  });

  it('a folder of exactly 100 entries is not cut at the first batch', async () => {
    const hundred: FakeTree = {};
    for (let i = 0; i < 100; i++) hundred[`${pad(i)}.dcm`] = String(i);
    const files = await filesFromDrop(dropOf({ series: { inner: hundred, 'z.dcm': 'z' } }));
    expect(files).toHaveLength(101);
    expect(files.map((f) => f.path)).toContain('series/inner/0099.dcm');
  });
});
