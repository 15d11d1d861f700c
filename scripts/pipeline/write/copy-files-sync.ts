// The font files a build's first print waits for, copied on the main thread.
// Copied as every other file is (write-output.ts: a temporary file renamed over
// the target, nothing copied that is already there), only without the thread
// pool: as async copies, each of the dozens of small files took four round
// trips through an event loop busy rendering releases and a thread pool shared
// with Chromium's launch, 0.6-0.8 s in all before the first print, for what
// takes 20-40 ms done here in one go.
import { copyFileSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { OutputError, tempDone, tempName } from './write-output.ts';

/** Copies each `source` to its `target` atomically unless the target already holds the same bytes. */
export function copyFilesAtomicSync(pairs: ReadonlyArray<readonly [source: string, target: string]>): void {
  const made = new Set<string>();
  for (const [source, target] of pairs) {
    if (holdsSameBytes(target, source)) continue;
    const dir = path.dirname(target);
    const temp = tempName(target);
    try {
      if (!made.has(dir)) mkdirSync(dir, { recursive: true });
      made.add(dir);
      copyFileSync(source, temp);
      renameSync(temp, target);
    } catch (error) {
      rmSync(temp, { force: true });
      throw new OutputError(target, error);
    } finally {
      tempDone(temp);
    }
  }
}

/** Sizes first, so a missing or changed target costs no read. */
function holdsSameBytes(target: string, source: string): boolean {
  const there = statSync(target, { throwIfNoEntry: false });
  if (!there || there.size !== statSync(source).size) return false;
  return readFileSync(target).equals(readFileSync(source));
}
