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
    const cfg = (await res.json()) as AppConfig;
    return typeof cfg === 'object' && cfg ? cfg : {};
  } catch {
    return {};
  }
}
