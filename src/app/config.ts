// Optional deployment configuration: `app-config.json` next to index.html.
//   { "dicomweb": "https://.../dicomWeb", "bearerToken": "...", "imageCacheMB": 1024, "maxDecodedMB": 1024,
//     "network": { "retries": 3, "backoffMs": 500, "stallSeconds": 30, "maxRetryAfterSeconds": 20 } }
// The token is sent only to that DICOMweb root.
export interface AppConfig {
  dicomweb?: string;
  bearerToken?: string;
  /** Bound of the image cache in MB (images beyond it are evicted, oldest first); default in viewer/init.ts */
  imageCacheMB?: number;
  /** Ceiling on what one SEG or Parametric Map may decode to, MB (default 1024: dicom/errors.ts) */
  maxDecodedMB?: number;
  /** how requests are retried (see dicomweb/retryPolicy.ts); each value bounded to something sane */
  network?: { retries?: number; backoffMs?: number; stallMs?: number; maxRetryAfterMs?: number };
}

function bounded(v: unknown, min: number, max: number, scale = 1): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, v)) * scale : undefined;
}

export async function loadConfig(appRoot: string): Promise<AppConfig> {
  try {
    const res = await fetch(`${appRoot}app-config.json`, { cache: 'no-cache' });
    if (!res.ok) return {};
    const cfg: unknown = await res.json();
    if (typeof cfg !== 'object' || !cfg) return {};
    const { dicomweb, bearerToken, imageCacheMB, maxDecodedMB, network } = cfg as Record<string, unknown>;
    const n = typeof network === 'object' && network ? (network as Record<string, unknown>) : {};
    // Only strings are taken: anything else in the file is ignored rather than sent anywhere.
    return {
      dicomweb: typeof dicomweb === 'string' && dicomweb ? dicomweb : undefined,
      bearerToken: typeof bearerToken === 'string' && bearerToken ? bearerToken : undefined,
      imageCacheMB: typeof imageCacheMB === 'number' && imageCacheMB >= 1 && imageCacheMB <= 65536 ? imageCacheMB : undefined,
      maxDecodedMB: bounded(maxDecodedMB, 0.001, 65536),
      network: {
        retries: bounded(n.retries, 0, 10),
        backoffMs: bounded(n.backoffMs, 0, 60_000),
        stallMs: bounded(n.stallSeconds, 0.2, 600, 1000),
        maxRetryAfterMs: bounded(n.maxRetryAfterSeconds, 0, 3600, 1000),
      },
    };
  } catch {
    return {};
  }
}
