// The DICOMweb client's retry policy and messages, handed to the image loader's frame requests (viewer/ may not
// import dicomweb/): the same bounded retries, Retry-After, stall time and wording as every other request.
import type { DicomwebClient } from '../dicomweb/client';
import { describeHttpError } from '../dicomweb/errors';
import { parseRetryAfter, retryDelay, retryableStatus, whenText } from '../dicomweb/retryPolicy';
import type { FrameFailure, FrameRetry } from '../viewer/frameRetry';

/** The loader's words for a multipart answer that ends early (dicom-image-loader's extractMultipart). */
const CUT = /terminating boundary|multipart mime header|no boundary marker/i;

export function framePolicy(client: DicomwebClient): FrameRetry {
  const p = client.policy;
  const tries = (n: number): string => (n > 1 ? ` (${n} attempts)` : '');
  return {
    stallMs: p.stallMs,
    delay(f: FrameFailure, n: number): number | null {
      if (n > p.retries) return null;
      if (f.kind === 'http') {
        if (!retryableStatus(f.status, f.url, f.retryAfter, f.body)) return null;
        const asked = parseRetryAfter(f.retryAfter);
        if (asked !== null && asked > p.maxRetryAfterMs) return null;
        return retryDelay(p, n, asked);
      }
      if (f.kind === 'network' || f.kind === 'stalled') return retryDelay(p, n, null);
      if (f.kind === 'decode' && CUT.test(f.message)) return retryDelay(p, n, null);
      return null;
    },
    describe(f: FrameFailure, n: number): string {
      switch (f.kind) {
        case 'http': {
          const asked = parseRetryAfter(f.retryAfter);
          if (asked !== null && asked > p.maxRetryAfterMs) return `${client.name} answered ${f.status} and asks to retry ${whenText(asked)}. Retry then.`;
          return describeHttpError(f.status, f.url, client.name, f.body, f.retryAfter, n).message;
        }
        case 'network':
          return `cannot reach ${client.name} (${client.root}), or it broke off the answer${tries(n)}.`;
        case 'stalled':
          return `${client.name} stopped sending (nothing for ${Math.round(p.stallMs / 100) / 10} s)${tries(n)}.`;
        case 'wrong-type':
          return `${client.name} answered ${f.contentType.split(';')[0]}${/html/i.test(f.contentType) ? ' (a web page: a sign-in page, or a proxy not set up for DICOMweb?)' : ''} where pixel data was expected.`;
        case 'decode':
          return CUT.test(f.message) ? `${client.name} sent the frame cut short (${f.message})${tries(n)}.` : f.message;
      }
    },
  };
}
