// A fault-injecting HTTP proxy for tests: in front of the viewer's own server (its /dicomweb, /dw/* and the /orthanc
// proxy), it passes everything through except requests a rule matches, which fail the way servers and networks
// do. Loopback only. The page is loaded through it, so the viewer, its DICOMweb requests and the image loader's
// frame requests are all same-origin (no CORS, no token rules in the way).
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault =
  /** answer this status at once (with Retry-After and a body when given) */
  | { kind: 'status'; status: number; retryAfter?: string; body?: string; contentType?: string }
  /** pass the answer on with its Content-Length, then reset the connection after this many body bytes */
  | { kind: 'reset'; afterBytes: number }
  /** pass the answer on without Content-Length and end it cleanly, this many bytes short (a multipart loses its end) */
  | { kind: 'truncate'; dropBytes: number }
  /** send nothing (no headers), or the headers and this many body bytes, then nothing more until the client leaves */
  | { kind: 'stall'; afterBytes?: number }
  /** 200 with this type and body instead of the real answer (a sign-in page, a misconfigured proxy) */
  | { kind: 'replace'; contentType: string; body: string }
  /** close the connection without answering: the server is down */
  | { kind: 'down' }
  /** pass the head and this many body bytes on, then the rest once `until` settles (a link that pauses) */
  | { kind: 'hold'; afterBytes: number; until: Promise<void> };

export interface FaultRule {
  /** a substring of the request's path and query, or a pattern */
  match: string | RegExp;
  fault: Fault;
  /** how many matching requests get the fault (default: all) */
  times?: number;
}

export interface ProxiedRequest {
  url: string;
  fault?: Fault['kind'];
}

export interface FaultProxy {
  origin: string;
  add(rule: FaultRule): void;
  clear(): void;
  /** every request seen, in order */
  readonly requests: ProxiedRequest[];
  /** how many requests matched (a substring or pattern), faulty or not */
  count(match: string | RegExp): number;
  close(): Promise<void>;
}

const matches = (m: string | RegExp, url: string): boolean => (typeof m === 'string' ? url.includes(m) : m.test(url));

export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const target = new URL(upstream);
  const rules: Array<FaultRule & { left: number }> = [];
  const requests: ProxiedRequest[] = [];
  const open = new Set<import('node:net').Socket>();

  const forward = (req: IncomingMessage, res: ServerResponse, fault?: Fault): void => {
    const up = httpRequest(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: { ...req.headers, host: target.host, connection: 'close' } },
      (answer) => {
        const headers = { ...answer.headers };
        if (!fault) {
          res.writeHead(answer.statusCode ?? 502, headers);
          answer.pipe(res);
          return;
        }
        if (fault.kind === 'truncate') {
          const chunks: Buffer[] = [];
          answer.on('data', (c: Buffer) => chunks.push(c));
          answer.on('end', () => {
            const all = Buffer.concat(chunks);
            delete headers['content-length'];
            res.writeHead(answer.statusCode ?? 200, headers);
            res.end(all.subarray(0, Math.max(0, all.length - fault.dropBytes)));
          });
          return;
        }
        if (fault.kind === 'hold') {
          res.writeHead(answer.statusCode ?? 200, headers);
          res.flushHeaders();
          let sent = 0;
          const held: Buffer[] = [];
          let ended = false;
          let released = false;
          answer.on('data', (c: Buffer) => {
            if (released) return void res.write(c);
            const take = c.subarray(0, Math.max(0, fault.afterBytes - sent));
            sent += take.length;
            if (take.length) res.write(take);
            if (take.length < c.length) held.push(c.subarray(take.length));
          });
          answer.on('end', () => {
            ended = true;
            if (released) res.end();
          });
          void fault.until.then(() => {
            released = true;
            for (const c of held) res.write(c);
            if (ended) res.end();
          });
          return;
        }
        // reset / stall after some bytes: pass the head and the first bytes on, then break off or go quiet.
        const limit = fault.kind === 'reset' ? fault.afterBytes : fault.kind === 'stall' ? (fault.afterBytes ?? 0) : Infinity;
        res.writeHead(answer.statusCode ?? 200, headers);
        res.flushHeaders();
        let sent = 0;
        answer.on('data', (c: Buffer) => {
          if (sent >= limit) return;
          const take = c.subarray(0, limit - sent);
          sent += take.length;
          res.write(take);
          if (sent >= limit) {
            answer.destroy();
            if (fault.kind === 'reset') setTimeout(() => res.socket?.destroy(), 20);
          }
        });
      },
    );
    up.on('error', () => res.socket?.destroy());
    req.pipe(up);
  };

  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    const rule = rules.find((r) => r.left > 0 && matches(r.match, url));
    if (rule) rule.left--;
    const fault = rule?.fault;
    requests.push({ url, fault: fault?.kind });
    if (!fault) return forward(req, res);
    switch (fault.kind) {
      case 'status': {
        const headers: Record<string, string> = { 'Content-Type': fault.contentType ?? 'text/plain' };
        if (fault.retryAfter !== undefined) headers['Retry-After'] = fault.retryAfter;
        res.writeHead(fault.status, headers).end(fault.body ?? '');
        return;
      }
      case 'replace':
        res.writeHead(200, { 'Content-Type': fault.contentType }).end(fault.body);
        return;
      case 'down':
        req.socket.destroy();
        return;
      case 'stall':
        if (fault.afterBytes === undefined) return; // never answers; the client gives up
        return forward(req, res, fault);
      default:
        return forward(req, res, fault);
    }
  });
  server.on('connection', (s) => {
    open.add(s);
    s.on('close', () => open.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    add: (rule) => rules.push({ ...rule, left: rule.times ?? Infinity }),
    clear: () => {
      rules.length = 0;
      requests.length = 0;
    },
    requests,
    count: (m) => requests.filter((r) => matches(m, r.url)).length,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}
