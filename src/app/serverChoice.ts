// Which DICOMweb server the viewer talks to, and whether the deployment's token goes with it.
import type { AppConfig } from './config';
import type { AppRoute } from './routes';
import { PRESETS, resolveRoot } from '../dicomweb/presets';
import { tokenForRoot } from '../dicomweb/auth';

export interface ServerChoice {
  root: string;
  /** only when `root` is the server the deployment configured the token for */
  bearerToken?: string;
  /** a label for messages when the link chose the server */
  name?: string;
}

const SOURCE_KEYS = ['dicomweb', 'datasource', 'gcp'];

/**
 * A link that names a server (`dicomweb`, `datasource`, `gcp`) wins over `app-config.json`; the configured token
 * belongs to the configured server (without one, to this origin's default server) and never follows a link
 * elsewhere. A configuration whose `dicomweb` cannot be resolved sends its token nowhere.
 */
export function chooseServer(config: AppConfig, route: AppRoute, search: string, origin: string): ServerChoice {
  const fromUrl = [...new URLSearchParams(search).keys()].some((k) => SOURCE_KEYS.includes(k.toLowerCase()));
  let configuredRoot: string | undefined;
  try {
    configuredRoot = resolveRoot(config.dicomweb || PRESETS.local(route.appRoot).root, origin, route.appRoot);
  } catch {
    configuredRoot = undefined;
  }
  const root = fromUrl || !configuredRoot ? route.dicomwebRoot : configuredRoot;
  const bearerToken = configuredRoot ? tokenForRoot(config.bearerToken, configuredRoot, root) : undefined;
  // A path on this site ("/dicomweb") names no server in a message: the client then names it by host and port.
  const label = route.dataSourceLabel;
  return { root, bearerToken, name: fromUrl && !label.startsWith('/') ? label : undefined };
}
