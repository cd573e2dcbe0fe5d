// A throw-away Orthanc (with its DICOMweb plugin) for tests, benchmarks and local use.
// Each start gets a fresh config and storage folder under os.tmpdir(), a free loopback port, and
// is stopped and removed again by stop() or, failing that, when this Node process exits.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, openSync, closeSync, readFileSync, rmSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { delimiter, dirname, join, resolve } from 'node:path';
import { killOnExit, makeHarnessDir, markOwner } from './orthanc-cleanup';

export { stowFiles } from './orthanc-stow';
export type { StowResult, StowOptions } from './orthanc-stow';

export interface OrthancHandle {
  /** http://127.0.0.1:PORT (Orthanc REST API). */
  baseUrl: string;
  /** http://127.0.0.1:PORT/dicom-web (no trailing slash). */
  dicomWebRoot: string;
  storageDir: string;
  /** Orthanc's own log (stdout and stderr), inside storageDir. */
  logFile: string;
  pid: number;
  versions: { orthanc: string; dicomWeb: string };
  /** Settles when the Orthanc process ends, whoever ended it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, SIGKILL after 10 s, then removes storageDir unless the caller supplied it. Idempotent. */
  stop(): Promise<void>;
}

export interface StartOrthancOptions {
  /** Default: a free port. */
  httpPort?: number;
  /** Enables Orthanc's DICOM (C-STORE/C-FIND) server on this port; without it the DICOM server is off. */
  dicomPort?: number;
  /** Keep the database here (created if missing, NOT removed by stop()). Default: a fresh temp folder. */
  storageDir?: string;
  /** Orthanc --verbose, and print the URL and log path to stderr. */
  verbose?: boolean;
  /** Start-up timeout, default 30 s. */
  timeoutMs?: number;
}

const PLUGIN_NAME = 'libOrthancDicomWeb.so';

/** The Orthanc binary and DICOMweb plugin, from ORTHANC_BINARY / ORTHANC_DICOMWEB_PLUGIN or usual places. */
export function findOrthanc(): { binary: string; plugin: string } | null {
  const pathDirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  const binaries = [
    process.env.ORTHANC_BINARY,
    ...['/usr/sbin', '/usr/local/sbin', '/usr/local/bin', '/usr/bin', ...pathDirs].map((d) => join(d, 'Orthanc')),
  ];
  const binary = binaries.find((p): p is string => !!p && isFile(p));
  if (!binary) return null;
  const plugins = [
    process.env.ORTHANC_DICOMWEB_PLUGIN,
    join(dirname(binary), '..', 'share', 'orthanc', 'plugins', PLUGIN_NAME),
    join('/usr/share/orthanc/plugins', PLUGIN_NAME),
    join('/usr/local/share/orthanc/plugins', PLUGIN_NAME),
    join('/usr/lib/orthanc', PLUGIN_NAME),
    join('/usr/local/lib/orthanc', PLUGIN_NAME),
  ];
  const plugin = plugins.find((p): p is string => !!p && isFile(p));
  return plugin ? { binary, plugin: resolve(plugin) } : null;
}

export async function startOrthanc(opts: StartOrthancOptions = {}): Promise<OrthancHandle> {
  const found = findOrthanc();
  if (!found) {
    throw new Error(
      'Orthanc with the DICOMweb plugin was not found: install the Debian packages "orthanc" and ' +
        '"orthanc-dicomweb", or set ORTHANC_BINARY and ORTHANC_DICOMWEB_PLUGIN',
    );
  }
  const ownsDir = opts.storageDir === undefined;
  const storageDir = ownsDir ? await makeHarnessDir() : resolve(opts.storageDir!);
  await mkdir(storageDir, { recursive: true });
  // The port we pick can be taken before Orthanc binds it; then try another one.
  const attempts = opts.httpPort === undefined ? 3 : 1;
  for (let attempt = 1; ; attempt++) {
    const httpPort = opts.httpPort ?? (await freePort());
    try {
      return await launch(found, storageDir, ownsDir, httpPort, opts);
    } catch (err) {
      if (attempt >= attempts || !(err instanceof PortInUseError)) {
        if (ownsDir) rmSync(storageDir, { recursive: true, force: true });
        throw err;
      }
    }
  }
}

class PortInUseError extends Error {}

async function launch(
  found: { binary: string; plugin: string },
  storageDir: string,
  ownsDir: boolean,
  httpPort: number,
  opts: StartOrthancOptions,
): Promise<OrthancHandle> {
  // A name of its own tells our Orthanc apart from whatever else might answer on this port.
  const name = `orthanc-harness-${randomUUID().slice(0, 8)}`;
  const configFile = join(storageDir, 'orthanc.json');
  const logFile = join(storageDir, 'orthanc.log');
  await writeFile(
    configFile,
    JSON.stringify(
      orthancConfig({ storageDir, ownsDir, name, plugin: found.plugin, httpPort, dicomPort: opts.dicomPort }),
      null,
      2,
    ),
  );

  const orthancArgs = [...(opts.verbose ? ['--verbose'] : []), configFile];
  // setpriv --pdeathsig: the kernel sends SIGTERM to Orthanc if this process dies without running
  // its exit hooks (SIGKILL, crash, a test runner killing its worker). setpriv then execs Orthanc,
  // so child.pid is Orthanc's own pid.
  const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find(isFile);
  const [cmd, args] = setpriv
    ? [setpriv, ['--pdeathsig', 'TERM', '--', found.binary, ...orthancArgs]]
    : [found.binary, orthancArgs];
  const logFd = openSync(logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(cmd, args, { cwd: storageDir, stdio: ['ignore', logFd, logFd] });
  } finally {
    closeSync(logFd);
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => {
    child.once('exit', (code, signal) => done({ code, signal }));
    child.once('error', () => done({ code: null, signal: null }));
  });
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  const pid = child.pid ?? -1;
  const forget = killOnExit(child, storageDir, ownsDir);
  if (ownsDir) await markOwner(storageDir, pid);

  const baseUrl = `http://127.0.0.1:${httpPort}`;
  const started = Date.now();
  const timeoutMs = opts.timeoutMs ?? 30_000;
  let system: { Version?: string; Name?: string } | undefined;
  while (system?.Name !== name) {
    if (hasExited) {
      const tail = logTail(logFile);
      forget();
      if (/port of the HTTP server is privileged or already in use/i.test(tail)) {
        throw new PortInUseError(`Orthanc could not listen on port ${httpPort}:\n${tail}`);
      }
      throw new Error(`Orthanc exited during start-up (log ${logFile}):\n${tail}`);
    }
    if (Date.now() - started > timeoutMs) {
      await terminate(child, exited);
      forget();
      throw new Error(`Orthanc did not answer ${baseUrl}/system within ${timeoutMs} ms:\n${logTail(logFile)}`);
    }
    system = await getJson<{ Version?: string; Name?: string }>(`${baseUrl}/system`);
    if (system?.Name !== name) await sleep(50);
  }
  const plugin = await getJson<{ Version?: string }>(`${baseUrl}/plugins/dicom-web`);
  if (!plugin) {
    await terminate(child, exited);
    forget();
    throw new Error(`Orthanc started without its DICOMweb plugin (${found.plugin}):\n${logTail(logFile)}`);
  }

  let stopping: Promise<void> | undefined;
  const handle: OrthancHandle = {
    baseUrl,
    dicomWebRoot: `${baseUrl}/dicom-web`,
    storageDir,
    logFile,
    pid,
    versions: { orthanc: system?.Version ?? 'unknown', dicomWeb: plugin.Version ?? 'unknown' },
    exited,
    stop: () =>
      (stopping ??= (async () => {
        await terminate(child, exited);
        forget();
        if (ownsDir) rmSync(storageDir, { recursive: true, force: true, maxRetries: 3 });
      })()),
  };
  if (opts.verbose) {
    process.stderr.write(
      `Orthanc ${handle.versions.orthanc} (DICOMweb ${handle.versions.dicomWeb}) pid ${pid} at ${baseUrl} ` +
        `in ${Date.now() - started} ms; log: ${logFile}\n`,
    );
  }
  return handle;
}

interface ConfigInput {
  storageDir: string;
  ownsDir: boolean;
  name: string;
  plugin: string;
  httpPort: number;
  dicomPort: number | undefined;
}

function orthancConfig({ storageDir, ownsDir, name, plugin, httpPort, dicomPort }: ConfigInput): object {
  const db = join(storageDir, 'db');
  return {
    Name: name,
    StorageDirectory: db,
    IndexDirectory: db,
    StorageCompression: false,
    // Throw-away data needs no fsync per instance; a folder the caller keeps does.
    SyncStorageArea: !ownsDir,
    HttpServerEnabled: true,
    HttpPort: httpPort,
    // Orthanc binds all interfaces; this makes it refuse every client that is not on loopback.
    RemoteAccessAllowed: false,
    AuthenticationEnabled: false,
    SslEnabled: false,
    HttpDescribeErrors: true,
    // Frames and metadata go out as stored; gzip would only cost CPU on loopback.
    HttpCompressionEnabled: false,
    HttpTimeout: 60,
    HttpRequestTimeout: 120,
    KeepAlive: true,
    TcpNoDelay: true,
    DicomServerEnabled: dicomPort !== undefined,
    DicomPort: dicomPort ?? 4242,
    DicomAet: 'ORTHANC',
    OverwriteInstances: true,
    SaveJobs: false,
    ConcurrentJobs: 2,
    JobsHistorySize: 10,
    Plugins: [plugin],
    DicomWeb: {
      Enable: true,
      Root: '/dicom-web/',
      EnableWado: true,
      WadoRoot: '/wado',
      Ssl: false,
      // Read every instance for WADO-RS metadata, so it carries all attributes (per-frame sequences
      // of SEGs included), not only Orthanc's indexed main tags.
      StudiesMetadata: 'Full',
      SeriesMetadata: 'Full',
    },
  };
}

async function terminate(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}

// --- small helpers ---------------------------------------------------------------------------

/** A TCP port that is free on all IPv4 interfaces right now (Orthanc binds 0.0.0.0). */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', fail);
    srv.listen({ port: 0, host: '0.0.0.0', exclusive: true }, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => (port ? done(port) : fail(new Error('no free port'))));
    });
  });
}

async function getJson<T>(url: string): Promise<T | undefined> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    if (!res.ok) {
      await res.body?.cancel();
      return undefined;
    }
    return (await res.json()) as T;
  } catch {
    return undefined;
  }
}

function logTail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

function isFile(p: string): boolean {
  try {
    return existsSync(p) && statSync(p).isFile();
  } catch {
    return false;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
