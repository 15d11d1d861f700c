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
  const files = entries
    .filter((e) => e.isFile() && e.name.endsWith('.md'))
    .map((e) => path.join(e.parentPath, e.name))
    .filter((file) => {
      const parts = path.relative(contentDir, file).split(path.sep);
      return !parts.some((p, i) => p.startsWith('.') || p.startsWith('_') || (i === 0 && reservedDirs.has(p)));
    });
  return files.sort();
}
