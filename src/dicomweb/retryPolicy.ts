// When a failed request is asked again, and after how long. Shared by the client (fetch) and, through app/, by the
// image loader's frame requests (viewer/ may not import dicomweb/).
import { isIdcProxy, looksLikeDailyQuota } from './errors';

export interface RetryPolicy {
  /** retries after the first attempt */
  retries: number;
  /** first back-off in ms; doubles each retry */
  backoffMs: number;
  /** the longest wait a Retry-After may ask for; beyond it we stop and say when to retry */
  maxRetryAfterMs: number;
  /** no byte for this long: the attempt is abandoned (and retried) */
  stallMs: number;
}

export const DEFAULT_POLICY: RetryPolicy = { retries: 3, backoffMs: 500, maxRetryAfterMs: 20_000, stallMs: 30_000 };

/**
 * Retry-After (RFC 9110 10.2.3): delay-seconds or an HTTP-date. Milliseconds from `now`, never negative; null when
 * absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | null {
  const v = value?.trim();
  if (!v) return null;
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  // Only the date forms have letters (IMF-fixdate, RFC 850, asctime); a bare "1.5" or "-1" is not valid.
  if (!/[a-z]/i.test(v)) return null;
  const t = Date.parse(v);
  return Number.isFinite(t) ? Math.max(0, t - now) : null;
}

/** Statuses worth asking again: the server is busy or failed for now. 429 only when it is not a daily quota. */
export function retryableStatus(status: number, url: string, retryAfter: string | null, body: string): boolean {
  if (status === 429) return !(isIdcProxy(url) && looksLikeDailyQuota(status, retryAfter, body));
  return status >= 500 && status !== 501 && status !== 505;
}

/** Wait before retry `attempt` (1-based): doubling back-off, or the server's Retry-After when longer. */
export function retryDelay(policy: RetryPolicy, attempt: number, retryAfterMs: number | null): number {
  return Math.max(policy.backoffMs * 2 ** (attempt - 1), retryAfterMs ?? 0);
}

/** "in 2 min (at 14:05:00)" for a message that says when to try again. */
export function whenText(ms: number, now = Date.now()): string {
  const at = new Date(now + ms);
  const pad = (n: number): string => String(n).padStart(2, '0');
  const clock = `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
  const span = ms < 90_000 ? `${Math.ceil(ms / 1000)} s` : ms < 90 * 60_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 3_600_000)} h`;
  return `in ${span} (at ${clock})`;
}
