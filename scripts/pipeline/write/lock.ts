// One build at a time per output folder. Two builds writing the same files
// would each rename their own copy into place and leave a mix; the second one
// is told who holds the folder instead. The lock is a file created with
// O_EXCL holding the owner's PID; a lock whose PID no longer runs on this host
// (a build killed with SIGKILL, a crashed CI job) is taken over.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { ensureOutputDir, OutputError } from './write-output.ts';

export const lockName = '.briefing.lock';

/** Another live build holds the output folder. */
export class LockError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LockError';
  }
}

export interface OutputLock {
  readonly file: string;
  /** True when a lock left by a dead build was taken over. */
  readonly tookOver: boolean;
  release(): Promise<void>;
}

interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly started: string;
}

/** Locks `outDir` (creating it), or throws LockError / OutputError. */
export async function lockOutput(outDir: string): Promise<OutputLock> {
  await ensureOutputDir(outDir);
  const file = path.join(outDir, lockName);
  const owner: LockOwner = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
  let tookOver = false;
  // Two tries: the second after removing a stale lock.
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(file, `${JSON.stringify(owner)}\n`, { flag: 'wx' });
      return {
        file,
        tookOver,
        release: async () => {
          // Only remove the lock if it is still ours.
          const current = await readOwner(file);
          if (current?.pid === process.pid && current.host === owner.host) await rm(file, { force: true });
        },
      };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') throw new OutputError(file, error);
    }
    const holder = await readOwner(file);
    if (holder && isAlive(holder)) {
      throw new LockError(
        `Output folder ${path.relative(process.cwd(), outDir) || '.'} is in use by another build (PID ${holder.pid} on ${holder.host}, started ${holder.started}); wait for it to finish`,
      );
    }
    await rm(file, { force: true });
    tookOver = true;
  }
  throw new LockError(`Could not lock output folder ${outDir}: another build keeps taking it`);
}

async function readOwner(file: string): Promise<LockOwner | undefined> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<LockOwner>;
    if (typeof parsed.pid !== 'number') return undefined;
    return { pid: parsed.pid, host: String(parsed.host ?? ''), started: String(parsed.started ?? '?') };
  } catch {
    // Missing, half-written or garbage: nobody can be waiting on it.
    return undefined;
  }
}

/** A lock from another host cannot be checked: it counts as alive. */
function isAlive(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true;
  if (owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
