// Where the deployment's bearer token may go.
//
// A deployment's `app-config.json` names one DICOMweb server and, optionally, a token for it. Links are written
// by anyone (`?dicomweb=`, `?datasource=`, `?gcp=` choose another server), so the token is bound to the server
// the configuration names, never to "whatever server is in use":
//   - the token is handed to a client only when the client's root is the configured server's root (same
//     scheme, host, port and path, after normalisation);
//   - a configuration with a token but no `dicomweb` binds the token to the default server of this origin;
//   - a client attaches it only to URLs under its root, compared as parsed URLs (origin equal, path equal or
//     below the root's path on a `/` boundary), so `https://store.example.com.evil.test/…` or
//     `https://store/dicomWebX/…` never match `https://store/dicomWeb`.
// Browsers drop Authorization on cross-origin redirects (Fetch standard), so a redirect cannot carry it away.

/** A root or request URL split into the parts that decide whether the token may go there. */
function parts(url: string): { origin: string; path: string } | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
  if (u.username || u.password) return null;
  // Percent-encoding and dot segments are normalised by URL; a trailing slash does not make another server.
  return { origin: u.origin, path: u.pathname.replace(/\/+$/, '') };
}

/** True when `url` is the root itself or lies below it. */
export function isUnderRoot(url: string, root: string): boolean {
  const r = parts(root);
  const q = parts(url);
  if (!r || !q || r.origin !== q.origin) return false;
  return q.path === r.path || q.path.startsWith(`${r.path}/`);
}

/** True when two roots name the same server (origin and path). */
export function sameRoot(a: string, b: string): boolean {
  const x = parts(a);
  const y = parts(b);
  return !!x && !!y && x.origin === y.origin && x.path === y.path;
}

/**
 * The token a client for `root` may carry: the configured token when `root` is the server it was configured
 * for (`tokenRoot`, absolute), else none.
 */
export function tokenForRoot(token: string | undefined, tokenRoot: string, root: string): string | undefined {
  return token && sameRoot(tokenRoot, root) ? token : undefined;
}
