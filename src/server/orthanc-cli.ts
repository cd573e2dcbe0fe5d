// tsx src/server/orthanc-cli.ts: a local Orthanc with DICOMweb, loaded with the user's DICOM folders.
import { open, readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { freePort, startOrthanc, stowFiles, type OrthancHandle } from './orthanc';

const HELP = `Usage: tsx src/server/orthanc-cli.ts [--port 8042] [--dir FOLDER ...] [options]

Starts Orthanc (Debian packages "orthanc" and "orthanc-dicomweb") with its DICOMweb plugin, uploads
every DICOM Part 10 file found under the folders (STOW-RS), prints the DICOMweb root and runs until
Ctrl-C or SIGTERM. Orthanc only accepts connections from this machine (http://127.0.0.1).

Options:
  --port N          HTTP port (default 8042, or a free port if 8042 is taken)
  --dir FOLDER ...  folders to upload, searched recursively; repeat --dir or list several
                    (files without 'DICM' at byte 128 are skipped)
  --dicom-port N    also start Orthanc's DICOM server (C-STORE, C-FIND) on port N
  --storage FOLDER  keep Orthanc's database in FOLDER across runs (default: a temp folder,
                    deleted on exit)
  --verbose         Orthanc --verbose, and print where its log is
  --help            this text

Environment: ORTHANC_BINARY, ORTHANC_DICOMWEB_PLUGIN override where Orthanc and the plugin are.
`;

interface CliOptions {
  port?: number;
  dicomPort?: number;
  dirs: string[];
  storage?: string;
  verbose: boolean;
}

function parseArgs(argv: string[]): CliOptions | 'help' {
  const opts: CliOptions = { dirs: [], verbose: false };
  const portValue = (flag: string, v: string | undefined): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n <= 0 || n > 65535)
      throw new Error(`${flag} needs a port number, got ${v ?? 'nothing'}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    switch (arg) {
      case '--help':
      case '-h':
        return 'help';
      case '--port':
        opts.port = portValue(arg, argv[++i]);
        break;
      case '--dicom-port':
        opts.dicomPort = portValue(arg, argv[++i]);
        break;
      case '--storage':
        if (!argv[i + 1]) throw new Error('--storage needs a folder');
        opts.storage = argv[++i]!;
        break;
      case '--verbose':
        opts.verbose = true;
        break;
      case '--dir': {
        const start = opts.dirs.length;
        while (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) opts.dirs.push(argv[++i]!);
        if (opts.dirs.length === start) throw new Error('--dir needs at least one folder');
        break;
      }
      default:
        throw new Error(`unknown argument ${arg} (see --help)`);
    }
  }
  return opts;
}

/** Every regular file under `dir` whose bytes 128..131 are 'DICM'. Symlinked folders are not followed. */
async function findDicomFiles(dir: string, out: string[] = []): Promise<string[]> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await findDicomFiles(path, out);
    else if (
      (entry.isFile() || (entry.isSymbolicLink() && (await stat(path).catch(() => null))?.isFile())) &&
      (await hasDicmMarker(path))
    ) {
      out.push(path);
    }
  }
  return out;
}

async function hasDicmMarker(path: string): Promise<boolean> {
  const fh = await open(path, 'r').catch(() => null);
  if (!fh) return false;
  try {
    const buf = Buffer.alloc(4);
    const { bytesRead } = await fh.read(buf, 0, 4, 128);
    return bytesRead === 4 && buf.toString('latin1') === 'DICM';
  } finally {
    await fh.close();
  }
}

async function portAvailable(port: number): Promise<boolean> {
  // freePort() proves a port can be bound; here the question is whether this one can.
  const { createServer } = await import('node:net');
  return new Promise((done) => {
    const srv = createServer();
    srv.once('error', () => done(false));
    srv.listen({ port, host: '0.0.0.0', exclusive: true }, () => srv.close(() => done(true)));
  });
}

async function main(): Promise<number> {
  let opts: CliOptions | 'help';
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 2;
  }
  if (opts === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  for (const d of opts.dirs) {
    if (!(await stat(d).catch(() => null))?.isDirectory()) {
      process.stderr.write(`--dir ${d}: not a folder\n`);
      return 2;
    }
  }
  let httpPort = opts.port;
  if (httpPort === undefined) {
    httpPort = (await portAvailable(8042)) ? 8042 : await freePort();
    if (httpPort !== 8042) process.stderr.write(`Port 8042 is taken; using ${httpPort}.\n`);
  }

  let server: OrthancHandle | undefined;
  let stopping = false;
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => {
      if (stopping || !server) {
        // Still starting, or asked twice: exit now; the exit hook of orthanc.ts SIGKILLs Orthanc.
        process.exit(130);
      }
      stopping = true;
      process.stderr.write(`\n${sig}: stopping Orthanc...\n`);
      void server.stop().finally(() => process.exit(0));
    });
  }

  try {
    server = await startOrthanc({
      httpPort,
      dicomPort: opts.dicomPort,
      storageDir: opts.storage,
      verbose: opts.verbose,
    });
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 1;
  }
  process.stderr.write(
    `Orthanc ${server.versions.orthanc}, DICOMweb plugin ${server.versions.dicomWeb}, storage ${server.storageDir}\n`,
  );

  for (const dir of opts.dirs) {
    const files = await findDicomFiles(resolve(dir));
    process.stderr.write(`${dir}: ${files.length} DICOM files\n`);
    const result = await stowFiles(server.dicomWebRoot, files, {
      onProgress: (p) => process.stderr.write(`\r  uploaded ${p.done}/${p.total}, ${p.failed} failed`),
    });
    if (files.length > 0) process.stderr.write('\n');
    for (const f of result.failed) process.stderr.write(`  failed: ${f.file}: ${f.message}\n`);
  }

  process.stdout.write(`DICOMweb root: ${server.dicomWebRoot}\n`);
  process.stdout.write(`Orthanc Explorer: ${server.baseUrl}/app/explorer.html\n`);
  process.stderr.write('Ctrl-C to stop.\n');
  const { code, signal } = await server.exited;
  // A stop we asked for ends the process in the signal handler.
  if (stopping) return new Promise<number>(() => {});
  process.stderr.write(`Orthanc ended by itself (code ${code}, signal ${signal}); log: ${server.logFile}\n`);
  return 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
