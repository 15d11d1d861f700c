// Where a build may write. The output folder is replaced file by file and its
// stale files are removed, so it must never be a folder that holds the
// sources: `/`, the content or templates folder, the project, or any folder
// above them. An existing folder with files but no manifest was not made by a
// build, so it is refused too unless the user says --force.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../core/errors.ts';
import { manifestName } from '../core/output-paths.ts';

export interface OutputFolderRules {
  readonly outDir: string;
  /** Folders the build reads: the output folder may be none of them, nor hold any of them. */
  readonly protectedDirs: readonly string[];
  /** --force: write into a non-empty folder that has no manifest. */
  readonly force: boolean;
}

/** Throws a UsageError (exit 2, one line) when the output folder is one the build must not write into. */
export function checkOutputFolder(rules: OutputFolderRules): void {
  const outDir = path.resolve(rules.outDir);
  const shown = path.relative(process.cwd(), outDir) || '.';
  if (outDir === path.parse(outDir).root)
    throw new UsageError(`Refusing to write into ${outDir}: choose an output folder of its own (--out)`);
  for (const dir of rules.protectedDirs.map((d) => path.resolve(d))) {
    const relation = path.relative(outDir, dir);
    if (relation === '' || (!relation.startsWith('..') && !path.isAbsolute(relation))) {
      const what = relation === '' ? 'is' : 'holds';
      throw new UsageError(
        `Refusing to write into ${shown}: it ${what} ${path.relative(process.cwd(), dir) || '.'}, which the build reads; choose another --out`,
      );
    }
  }
  // A folder with a manifest is a build's own: no need to list what may be thousands of files.
  if (rules.force || existsSync(path.join(outDir, manifestName))) return;
  let entries: string[];
  try {
    entries = readdirSync(outDir);
  } catch {
    return; // not there yet: the build creates it
  }
  // Hidden files (.gitkeep, .DS_Store) say nothing about whose folder it is.
  if (entries.some((name) => !name.startsWith('.'))) {
    throw new UsageError(
      `Refusing to write into ${shown}: it holds files no build made (no ${manifestName}); choose an empty folder, or add --force to write there anyway`,
    );
  }
}
