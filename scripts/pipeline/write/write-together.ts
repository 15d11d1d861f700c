// A document's HTML and PDF belong together: a reader who finds the new page
// must find the new PDF beside it. Every file is first written in full to a
// temporary name next to its target; only when all of them are on disk are
// they renamed into place. A failing write (disk full) therefore leaves the
// whole old set, not a new page beside an old PDF.
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { ensureOutputDir, OutputError, tempDone, tempName, writeDurably } from './write-output.ts';

export interface FileToWrite {
  /** Absolute path of the target. */
  readonly file: string;
  readonly data: string | Uint8Array;
}

/** Writes every file to a temporary name, then renames them all; throws an OutputError naming the file that failed. */
export async function writeFilesTogether(files: readonly FileToWrite[]): Promise<void> {
  const written: Array<{ file: string; temp: string }> = [];
  try {
    for (const { file, data } of files) {
      await ensureOutputDir(path.dirname(file));
      const temp = tempName(file);
      written.push({ file, temp });
      await writeDurably(file, temp, data);
    }
    for (const { file, temp } of written) {
      try {
        await rename(temp, file);
      } catch (error) {
        throw new OutputError(file, error);
      }
    }
  } catch (error) {
    // Temporaries already renamed are gone; removing them again is harmless.
    await Promise.all(written.map(({ temp }) => rm(temp, { force: true }).catch(() => undefined)));
    throw error;
  } finally {
    for (const { temp } of written) tempDone(temp);
  }
}
