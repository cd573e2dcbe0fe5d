// Part 10 files named by a link (`?url=`), fetched over HTTP(S). A link is written by anyone, so these requests
// never carry the deployment's bearer token, whatever server they name (even the configured one): each goes
// through a client made without a token, with the same retries and readable errors as every DICOMweb request.
import { DicomwebClient, type ClientOptions } from './client';

/** The URL, resolved against the page; anything but http(s) (javascript:, data:, file:, blob:) is refused. */
export function part10Url(value: string, base: string): URL {
  let u: URL;
  try {
    u = new URL(value, base);
  } catch {
    throw new Error(`url: not a URL: ${value}`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`url: only http and https are fetched, not ${u.protocol} (${value})`);
  if (u.username || u.password) throw new Error(`url: a URL with a user name or password is not fetched (${u.host})`);
  return u;
}

/** The file's bytes. `policy`: the deployment's retry settings (never its token). */
export async function fetchPart10(url: URL, policy: Omit<ClientOptions, 'root' | 'bearerToken' | 'name'> = {}, signal?: AbortSignal): Promise<Blob> {
  const client = new DicomwebClient({ ...policy, root: url.origin, name: url.host });
  const res = await client.request(url.href, 'application/dicom, application/octet-stream;q=0.9, */*;q=0.5', signal);
  return res.blob();
}
