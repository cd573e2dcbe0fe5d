// Reading zip archives in tests with adm-zip (a dependency of dcmjs, so always installed): an implementation
// other than ours (app/zip/storeZip.ts), so a test of our archives does not share its blind spots.
import { createRequire } from 'node:module';

interface AdmZipEntry {
  entryName: string;
  isDirectory: boolean;
  getData(): Buffer;
}
type AdmZipCtor = new (input: Buffer) => { getEntries(): AdmZipEntry[] };

const AdmZip = createRequire(import.meta.url)('adm-zip') as AdmZipCtor;

/** name -> bytes of every file in the archive (adm-zip checks each entry's CRC as it reads it). */
export function readZip(bytes: Uint8Array): Map<string, Uint8Array> {
  const zip = new AdmZip(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  return new Map(zip.getEntries().filter((e) => !e.isDirectory).map((e) => [e.entryName, new Uint8Array(e.getData())]));
}
