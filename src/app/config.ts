// Optional deployment configuration: `app-config.json` next to index.html.
//   { "dicomweb": "https://.../dicomWeb", "bearerToken": "...", "imageCacheMB": 1024 }
// The token is sent only to that DICOMweb root.
export interface AppConfig {
  dicomweb?: string;
  bearerToken?: string;
  /** Bound of the image cache in MB (images beyond it are evicted, oldest first); default in viewer/init.ts */
  imageCacheMB?: number;
}

export async function loadConfig(appRoot: string): Promise<AppConfig> {
  try {
    const res = await fetch(`${appRoot}app-config.json`, { cache: 'no-cache' });
    if (!res.ok) return {};
    const cfg: unknown = await res.json();
    if (typeof cfg !== 'object' || !cfg) return {};
    const { dicomweb, bearerToken, imageCacheMB } = cfg as Record<string, unknown>;
    // Only strings are taken: anything else in the file is ignored rather than sent anywhere.
    return {
      dicomweb: typeof dicomweb === 'string' && dicomweb ? dicomweb : undefined,
      bearerToken: typeof bearerToken === 'string' && bearerToken ? bearerToken : undefined,
      imageCacheMB: typeof imageCacheMB === 'number' && imageCacheMB >= 1 && imageCacheMB <= 65536 ? imageCacheMB : undefined,
    };
  } catch {
    return {};
  }
}
