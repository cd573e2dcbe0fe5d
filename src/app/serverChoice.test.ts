// Links choose the server; the deployment's token stays with the server it was configured for.
import { describe, expect, it } from 'vitest';
import { chooseServer } from './serverChoice';
import { parseRoute } from './routes';

const ORIGIN = 'https://viewer.example.org';
const STORE = 'https://healthcare.example.com/v1/projects/p/dicomWeb';

function choose(config: { dicomweb?: string; bearerToken?: string }, link: string) {
  const url = new URL(link, ORIGIN);
  return chooseServer(config, parseRoute(url.href), url.search, ORIGIN);
}

describe('chooseServer', () => {
  it('uses the configured server with its token when the link names none', () => {
    expect(choose({ dicomweb: STORE, bearerToken: 'T' }, '/viewer/?StudyInstanceUIDs=1.2.3')).toEqual({ root: STORE, bearerToken: 'T', name: undefined });
  });

  it.each([
    ['?dicomweb= to another origin', '/viewer/?StudyInstanceUIDs=1.2&dicomweb=https://attacker.example.net/dicomWeb', 'https://attacker.example.net/dicomWeb'],
    ['?dicomweb= to a look-alike host', `/viewer/?StudyInstanceUIDs=1.2&dicomweb=${encodeURIComponent('https://healthcare.example.com.attacker.example.net/v1/projects/p/dicomWeb')}`, 'https://healthcare.example.com.attacker.example.net/v1/projects/p/dicomWeb'],
    ['?dicomweb= to another store on the same host', '/viewer/?StudyInstanceUIDs=1.2&dicomweb=https://healthcare.example.com/v1/projects/q/dicomWeb', 'https://healthcare.example.com/v1/projects/q/dicomWeb'],
    ['?datasource=idc', '/viewer/?StudyInstanceUIDs=1.2&datasource=idc', undefined],
    ['?gcp= to another store', '/viewer/?StudyInstanceUIDs=1.2&gcp=projects/x/locations/l/datasets/d/dicomStores/s', 'https://healthcare.googleapis.com/v1/projects/x/locations/l/datasets/d/dicomStores/s/dicomWeb'],
    ['?dicomweb= to a path on the viewer origin', '/viewer/?StudyInstanceUIDs=1.2&dicomweb=/dicomweb', `${ORIGIN}/dicomweb`],
  ])('a link with %s gets no token', (_what, link, root) => {
    const c = choose({ dicomweb: STORE, bearerToken: 'T' }, link);
    if (root) expect(c.root).toBe(root);
    expect(c.root).not.toBe(STORE);
    expect(c.bearerToken).toBeUndefined();
  });

  it('keeps the token when the link names the configured server itself', () => {
    const c = choose({ dicomweb: STORE, bearerToken: 'T' }, `/?dicomweb=${encodeURIComponent(`${STORE}/`)}`);
    expect(c.bearerToken).toBe('T');
  });

  it('binds a token configured without a server to this origin default server only', () => {
    expect(choose({ bearerToken: 'T' }, '/viewer/?StudyInstanceUIDs=1.2')).toEqual({ root: `${ORIGIN}/dicomweb`, bearerToken: 'T', name: undefined });
    expect(choose({ bearerToken: 'T' }, '/viewer/?StudyInstanceUIDs=1.2&dicomweb=https://attacker.example.net/dw').bearerToken).toBeUndefined();
  });

  it('refuses a non-http server in a link or in the configuration, and sends the token nowhere for it', () => {
    const r = parseRoute(`${ORIGIN}/viewer/?StudyInstanceUIDs=1.2&dicomweb=javascript:alert(1)`);
    expect(r.errors.join(' ')).toMatch(/not an http\(s\) address/);
    expect(r.dicomwebRoot).toBe(`${ORIGIN}/dicomweb`);
    const c = choose({ dicomweb: 'data:text/plain,x', bearerToken: 'T' }, '/viewer/?StudyInstanceUIDs=1.2');
    expect(c.root).toBe(`${ORIGIN}/dicomweb`);
    expect(c.bearerToken).toBeUndefined();
  });
});
