// One build at a time per output folder. Two builds writing the same files
// would each rename their own copy into place and leave a mix; the second one
// is told who holds the folder instead. The lock is a file holding the owner's
// PID; a lock whose PID no longer runs on this host (a build killed with
// SIGKILL, a crashed CI job) is taken over.
//
// Every step is atomic, so two builds started together never both hold it:
// the owner is written to a temporary file first and `link()`ed to the lock
// name, which fails with EEXIST when the name is taken (a lock is never seen
// empty or half-written). Taking over a stale lock needs a claim on that very
// file (its inode and change time in the claim's name, also made by `link()`);
// only the one build whose claim succeeds renames its own lock over it.
import { readFileSync, rmSync } from 'node:fs';
import { link, open, rename, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { BriefingError } from '../core/errors.ts';
import { ensureOutputDir, OutputError, removeOrphanTemps, tempDone, tempName, writesInFlight } from './write-output.ts';

export const lockName = '.briefing.lock';

/** Another live build holds the output folder. */
export class LockError extends BriefingError {
  constructor(message: string, file: string) {
    super(message, { stage: 'lock', file });
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

/** A lock file as read: who holds it, and which file it was (to claim exactly that one). */
interface Held {
  readonly owner: LockOwner | undefined;
  readonly identity: string;
}

/** Rounds of trying before giving up: each lost race (a lock released or taken meanwhile) costs one. */
const attempts = 50;

/** Locks `outDir` (creating it), or throws LockError / OutputError. */
export async function lockOutput(outDir: string): Promise<OutputLock> {
  await ensureOutputDir(outDir);
  const file = path.join(outDir, lockName);
  const owner: LockOwner = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
  const temp = tempName(file);
  try {
    await writeFile(temp, `${JSON.stringify(owner)}\n`, { flag: 'wx' });
    const tookOver = await take(file, temp, outDir);
    // Only remove the lock if it is still ours.
    const ours = (held: LockOwner | undefined) => held?.pid === process.pid && held.host === owner.host;
    // A command that exits before releasing it (interrupted: cli/run-command.ts) still leaves the folder
    // unlocked, unless a write was cut short: the lock, left stale, has the next build remove its temporary file.
    const releaseAtExit = () => {
      if (!writesInFlight() && ours(readOwnerSync(file))) rmSync(file, { force: true });
    };
    process.once('exit', releaseAtExit);
    return {
      file,
      tookOver,
      release: async () => {
        if (ours((await readHeld(file))?.owner)) await rm(file, { force: true });
        // Only now: a command that exits while this runs still removes the lock as it exits.
        process.off('exit', releaseAtExit);
      },
    };
  } catch (error) {
    if (error instanceof LockError || error instanceof OutputError) throw error;
    throw new OutputError(file, error);
  } finally {
    await rm(temp, { force: true }).catch(() => undefined);
    tempDone(temp);
  }
}

/** Runs `work` with `outDir` locked, and releases the lock however it ends: how a build and `--merge` write. */
export async function withOutputLock<T>(outDir: string, work: () => Promise<T>): Promise<T> {
  const lock = await lockOutput(outDir);
  try {
    // A stale lock means a build was killed, perhaps mid-write: its temporary files go now.
    if (lock.tookOver) await removeOrphanTemps(outDir);
    return await work();
  } finally {
    await lock.release();
  }
}

/** Makes `temp` (holding our owner) the lock; returns whether a stale lock was taken over. */
async function take(file: string, temp: string, outDir: string): Promise<boolean> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (await linkOrExists(temp, file)) return false;
    const held = await readHeld(file);
    if (!held) continue; // released meanwhile: try again
    if (held.owner && isAlive(held.owner)) throw inUse(outDir, file, held.owner);
    const claim = `${file}.claim-${held.identity}`;
    if (!(await linkOrExists(temp, claim))) {
      // Another build is taking over this stale lock: wait for it to finish doing so.
      const claimer = await readHeld(claim);
      if (claimer?.owner && !isAlive(claimer.owner)) await rm(claim, { force: true });
      await new Promise((resolve) => setTimeout(resolve, 5));
      continue;
    }
    try {
      // Ours to replace only if it is still the stale file we judged; nobody else can replace it without the claim.
      if ((await readHeld(file))?.identity !== held.identity) continue;
      await rename(temp, file);
      return true;
    } finally {
      await rm(claim, { force: true });
    }
  }
  throw new LockError(`Could not lock output folder ${outDir}: other builds keep taking it`, file);
}

/** `link(from, to)`: true if made, false if `to` exists. */
async function linkOrExists(from: string, to: string): Promise<boolean> {
  try {
    await link(from, to);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

function inUse(outDir: string, file: string, holder: LockOwner): LockError {
  return new LockError(
    `Output folder ${path.relative(process.cwd(), outDir) || '.'} is in use by another build (PID ${holder.pid} on ${holder.host}, started ${holder.started}); wait for it to finish`,
    file,
  );
}

/**
 * The lock file's owner and identity (inode and change time, read from the same
 * open file as the owner), or undefined when there is no lock file. An owner
 * that does not parse (a lock from an older version, garbage) is undefined:
 * nobody can be waiting on it.
 */
async function readHeld(file: string): Promise<Held | undefined> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(file, 'r');
    const stats = await handle.stat({ bigint: true });
    const text = await handle.readFile('utf8');
    return { owner: parseOwner(text), identity: `${stats.ino}-${stats.ctimeNs}` };
  } catch {
    return undefined;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

function readOwnerSync(file: string): LockOwner | undefined {
  try {
    return parseOwner(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const parsed = JSON.parse(text) as Partial<LockOwner>;
    if (typeof parsed.pid !== 'number') return undefined;
    return { pid: parsed.pid, host: String(parsed.host ?? ''), started: String(parsed.started ?? '?') };
  } catch {
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
