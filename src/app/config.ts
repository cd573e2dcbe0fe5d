// Optional deployment configuration: `app-config.json` next to index.html.
//   { "dicomweb": "https://.../dicomWeb", "bearerToken": "..." }
// The token is sent only to that DICOMweb root.
export interface AppConfig {
  dicomweb?: string;
  bearerToken?: string;
}

export async function loadConfig(appRoot: string): Promise<AppConfig> {
  try {
    const res = await fetch(`${appRoot}app-config.json`, { cache: 'no-cache' });
    if (!res.ok) return {};
    const cfg: unknown = await res.json();
    if (typeof cfg !== 'object' || !cfg) return {};
    const { dicomweb, bearerToken } = cfg as Record<string, unknown>;
    // Only strings are taken: anything else in the file is ignored rather than sent anywhere.
    return {
      dicomweb: typeof dicomweb === 'string' && dicomweb ? dicomweb : undefined,
      bearerToken: typeof bearerToken === 'string' && bearerToken ? bearerToken : undefined,
    };
  } catch {
    return {};
  }
}
