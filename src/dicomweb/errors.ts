// Errors a person can read: what was asked of which server, and what went wrong.
export type DicomwebErrorKind = 'unreachable' | 'http' | 'quota' | 'not-found' | 'bad-response';

export class DicomwebError extends Error {
  constructor(
    readonly kind: DicomwebErrorKind,
    message: string,
    readonly status?: number,
    readonly url?: string,
  ) {
    super(message);
    this.name = 'DicomwebError';
  }
}

export function describeHttpError(status: number, url: string, serverName: string, body: string): DicomwebError {
  if (status === 429) {
    const idc = /datacommons\.cancer\.gov/.test(url);
    return new DicomwebError(
      'quota',
      idc
        ? "IDC's public DICOMweb proxy answered 429: today's download quota for this address is used up. Try again tomorrow, or use your own Google Healthcare store."
        : `${serverName} answered 429 (too many requests) even after retrying. Wait a minute and reload.`,
      status,
      url,
    );
  }
  if (status === 404) {
    return new DicomwebError('not-found', `${serverName} does not know this object (404): ${shortPath(url)}`, status, url);
  }
  if (status === 401 || status === 403) {
    return new DicomwebError('http', `${serverName} refused access (${status}). A bearer token may be needed or expired.`, status, url);
  }
  const detail = body.slice(0, 200).replace(/\s+/g, ' ').trim();
  return new DicomwebError(
    'http',
    `${serverName} answered ${status} for ${shortPath(url)}${detail ? `: ${detail}` : ''}`,
    status,
    url,
  );
}

function shortPath(url: string): string {
  try {
    const u = new URL(url);
    const p = u.pathname.replace(/\/(studies|series|instances)\/([0-9.]{20,})/g, (_m, k: string, uid: string) => `/${k}/…${uid.slice(-8)}`);
    return p + u.search;
  } catch {
    return url;
  }
}
