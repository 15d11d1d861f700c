// Every file the build writes goes through here: written to a temporary file
// in the same folder, then renamed over the old one. A reader never sees half
// a file, and a build that fails or is killed leaves the last good output.
// A failing write (disk full, read-only folder) is an OutputError: one line
// that says which file and why, and it stops the build (exit code 2), since
// every following write would fail the same way.
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { copyFile, mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { BriefingError } from '../core/errors.ts';
import { onInterrupt, throwIfInterrupted } from '../core/interrupt.ts';

export class OutputError extends BriefingError {
  declare readonly file: string;
  readonly code: string | undefined;
  constructor(file: string, cause: unknown) {
    const code = (cause as NodeJS.ErrnoException | undefined)?.code;
    super(describe(file, code, cause), { stage: 'write', file, cause });
    this.name = 'OutputError';
    this.code = code;
  }
}

function describe(file: string, code: string | undefined, cause: unknown): string {
  const where = path.relative(process.cwd(), file) || file;
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return `Disk full: could not write ${where} (${code}); free some space and build again`;
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return `Output folder not writable: could not write ${where} (${code})`;
    case 'ENOTDIR':
    case 'EEXIST':
      return `Output folder not usable: a file is in the way of ${where} (${code})`;
    default:
      return `Could not write ${where}: ${(cause as Error | undefined)?.message ?? String(cause)}`;
  }
}

/** Creates the output folder, or throws an OutputError saying why it cannot be used. */
export async function ensureOutputDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw new OutputError(dir, error);
  }
}

/** Temporary files named and not yet renamed or removed. */
const unfinished = new Set<string>();
/** How long an interrupted build waits for the writes it had begun: each is one file, normally a few ms. */
const settleLimitMs = 10_000;

// Interrupted, the build lets the writes it had begun finish (or fail and clean
// up) before it exits. Exiting without that wait (a second Ctrl-C, a crash), it
// removes their temporary files as it exits; a write whose `open` is still queued
// in libuv's thread pool can create its file after that, so the lock is then left
// for the next build, which removes such files when it takes a stale lock over.
onInterrupt(async () => {
  for (const limit = Date.now() + settleLimitMs; unfinished.size > 0 && Date.now() < limit; ) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
});
process.on('exit', () => {
  for (const temp of unfinished) rmSync(temp, { force: true });
});

/** Whether a write has begun and not finished: exiting now may leave its temporary file (see above). */
export function writesInFlight(): boolean {
  return unfinished.size > 0;
}

/**
 * The temporary name for `file`: a dotfile next to it, unique to this process
 * and call. Every write starts here, so none starts once the build has been
 * interrupted (core/interrupt.ts). Pass it to `tempDone` once it is renamed or removed.
 */
export function tempName(file: string): string {
  throwIfInterrupted();
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  unfinished.add(temp);
  return temp;
}

/** `temp` (from tempName) is renamed or removed: nothing to remove at exit. */
export function tempDone(temp: string): void {
  unfinished.delete(temp);
}

export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  await ensureOutputDir(path.dirname(file));
  const temp = tempName(file);
  try {
    await writeDurably(file, temp, data);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw error instanceof OutputError ? error : new OutputError(file, error);
  } finally {
    tempDone(temp);
  }
}

/** Writes `data` to the new file `temp` and flushes it to disk; an OutputError names `file`, the target. */
export async function writeDurably(file: string, temp: string, data: string | Uint8Array): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(temp, 'wx');
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
  } catch (error) {
    await handle?.close().catch(() => undefined);
    throw new OutputError(file, error);
  }
}

/** Like writeFileAtomic, but leaves the file alone when it already holds `data`; returns whether it wrote. */
export async function writeFileIfChanged(file: string, data: string | Uint8Array): Promise<boolean> {
  const old = await readFile(file).catch(() => undefined);
  if (old?.equals(typeof data === 'string' ? Buffer.from(data) : data)) return false;
  await writeFileAtomic(file, data);
  return true;
}

/**
 * Copies `source` to `target` atomically unless `target` already holds the same
 * bytes; returns whether it copied. Decided by content, not by size and mtime:
 * an image replaced by one of the same size with an older mtime (restored from
 * a backup, checked out by git) must still reach the output.
 */
export async function copyFileAtomic(source: string, target: string): Promise<boolean> {
  if (await sameContent(source, target)) return false;
  await ensureOutputDir(path.dirname(target));
  const temp = tempName(target);
  try {
    await copyFile(source, temp);
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw new OutputError(target, error);
  } finally {
    tempDone(temp);
  }
  return true;
}

/** True when both files exist and hold the same bytes; sizes are compared first, so most changes cost no read. */
async function sameContent(source: string, target: string): Promise<boolean> {
  const [from, to] = await Promise.all([stat(source), stat(target).catch(() => undefined)]);
  if (!to || to.size !== from.size) return false;
  const [a, b] = await Promise.all([readFile(source), readFile(target).catch(() => undefined)]);
  return b !== undefined && a.equals(b);
}

/** Publishes an image: its sanitized bytes when it has them (an SVG), else a copy of the file. */
export async function writeAsset(
  asset: { readonly source: string; readonly output: string; readonly data?: Uint8Array },
  outDir: string,
): Promise<void> {
  const target = path.join(outDir, asset.output);
  if (asset.data) await writeFileIfChanged(target, asset.data);
  else await copyFileAtomic(asset.source, target);
}

/** `.<name>.<pid>.<8 hex>.tmp`: the temporary files tempName makes. */
const orphanPattern = /^\..+\.\d+\.[0-9a-f]{8}\.tmp$/;

/**
 * Removes temporary files a killed build (kill -9 while printing) left in the
 * output folder. Called by a build that holds the lock, so no other build's
 * file can be in the middle of being written. Returns how many it removed.
 */
export async function removeOrphanTemps(outDir: string): Promise<number> {
  const entries = await readdir(outDir, { recursive: true, withFileTypes: true }).catch(() => []);
  let removed = 0;
  for (const entry of entries) {
    if (!entry.isFile() || !orphanPattern.test(entry.name)) continue;
    await rm(path.join(entry.parentPath, entry.name), { force: true }).catch(() => undefined);
    removed++;
  }
  return removed;
}
