// Errors a person can read: what was asked of which server, and what went wrong.
export type DicomwebErrorKind =
  | 'unreachable'
  | 'http'
  | 'quota'
  | 'throttled'
  | 'not-found'
  | 'bad-response'
  | 'wrong-type'
  | 'stalled'
  | 'truncated';

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

/** IDC's public proxy (ImagingDataCommons/ThrottleProxy) by host. */
export function isIdcProxy(url: string): boolean {
  try {
    return /(^|\.)datacommons\.cancer\.gov$/.test(new URL(url).hostname);
  } catch {
    return false;
  }
}

/**
 * IDC's proxy answers a used-up daily quota (per address, or its global one) with a bare 429: no body, no
 * Retry-After (its main.py builds `Response(status=429)` with only CORS headers). Google's own per-minute 429s
 * it turns into 500s, so a 429 from it is always the daily quota. A throttle that will pass names a time.
 */
export function looksLikeDailyQuota(status: number, retryAfter: string | null, body: string): boolean {
  return status === 429 && !retryAfter && !body.trim();
}

export function describeHttpError(status: number, url: string, serverName: string, body: string, retryAfter: string | null = null, attempts = 1): DicomwebError {
  const tries = attempts > 1 ? ` (${attempts} attempts)` : '';
  if (status === 429) {
    if (looksLikeDailyQuota(status, retryAfter, body)) {
      return new DicomwebError(
        'quota',
        isIdcProxy(url)
          ? `IDC's public DICOMweb proxy answered 429 for ${shortPath(url)}: today's download quota for this address is used up. Try again tomorrow, or use your own Google Healthcare store.`
          : `${serverName} answered 429 for ${shortPath(url)}${tries} without saying when to retry, as IDC's public proxy does when a daily download quota is used up. Try again later (tomorrow, for a daily quota).`,
        status,
        url,
      );
    }
    return new DicomwebError('throttled', `${serverName} answered 429 (too many requests) for ${shortPath(url)}${tries}. Wait a minute and retry.`, status, url);
  }
  if (status === 404) {
    return new DicomwebError('not-found', `${serverName} does not know this object (404): ${shortPath(url)}`, status, url);
  }
  if (status === 401 || status === 403) {
    return new DicomwebError('http', `${serverName} refused access (${status}). A bearer token may be needed or expired.`, status, url);
  }
  const detail = body.slice(0, 200).replace(/\s+/g, ' ').trim();
  const busy = status === 503 ? ' (service unavailable)' : status === 500 && isIdcProxy(url) ? ' (IDC’s proxy also says 500 when Google’s store throttles it)' : '';
  return new DicomwebError(
    'http',
    `${serverName} answered ${status}${busy} for ${shortPath(url)}${tries}${detail ? `: ${detail}` : ''}`,
    status,
    url,
  );
}

/** A URL as a person reads it: the path with long UIDs shortened to their last digits. */
export function shortPath(url: string): string {
  try {
    const u = new URL(url);
    const p = u.pathname.replace(/\/(studies|series|instances)\/([0-9.]{20,})/g, (_m, k: string, uid: string) => `/${k}/…${uid.slice(-8)}`);
    return p + u.search;
  } catch {
    return url;
  }
}
