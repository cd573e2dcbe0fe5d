// Keeps a harness Orthanc from outliving the Node process that started it, and its temp folder
// from outliving both.
import type { ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const DIR_PREFIX = 'orthanc-harness-';
const OWNER_FILE = 'harness-owner.json';

interface LiveOrthanc {
  child: ChildProcess;
  storageDir: string;
  ownsDir: boolean;
}
const live = new Set<LiveOrthanc>();
let exitHookInstalled = false;

/** A fresh folder under os.tmpdir(); stale ones of dead earlier runs are removed first. */
export async function makeHarnessDir(): Promise<string> {
  sweepStaleDirs();
  return mkdtemp(join(tmpdir(), DIR_PREFIX));
}

/** Records who owns a harness folder, so a later run can tell whether it is abandoned. */
export async function markOwner(storageDir: string, orthancPid: number): Promise<void> {
  await writeFile(join(storageDir, OWNER_FILE), JSON.stringify({ ownerPid: process.pid, orthancPid }));
}

/**
 * SIGKILLs the Orthanc (and removes its folder when we own it) if this process exits before
 * stop() ran. Returns the function that forgets it again.
 */
export function killOnExit(child: ChildProcess, storageDir: string, ownsDir: boolean): () => void {
  const entry: LiveOrthanc = { child, storageDir, ownsDir };
  live.add(entry);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // Only synchronous work runs in 'exit': no graceful stop, SIGKILL and remove.
    process.on('exit', () => {
      for (const e of live) {
        if (e.child.exitCode === null && e.child.signalCode === null) e.child.kill('SIGKILL');
        if (e.ownsDir) rmSync(e.storageDir, { recursive: true, force: true });
      }
    });
  }
  return () => live.delete(entry);
}

/** Removes harness folders whose Node owner and Orthanc are both gone (e.g. the owner was SIGKILLed). */
function sweepStaleDirs(): void {
  let names: string[];
  try {
    names = readdirSync(tmpdir()).filter((n) => n.startsWith(DIR_PREFIX));
  } catch {
    return;
  }
  for (const name of names) {
    const dir = join(tmpdir(), name);
    try {
      const owner = JSON.parse(readFileSync(join(dir, OWNER_FILE), 'utf8')) as {
        ownerPid?: number;
        orthancPid?: number;
      };
      if (!isAlive(owner.ownerPid) && !isAlive(owner.orthancPid)) rmSync(dir, { recursive: true, force: true });
    } catch {
      // No owner file (being set up right now, or not ours): leave it.
    }
  }
}

function isAlive(pid: number | undefined): boolean {
  if (!pid || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
