// Where packs live and which files are packs. Only node built-ins: the plan
// uses it (a pack file named on the command line) on the no-change path.
import { readdir } from 'node:fs/promises';
import path from 'node:path';

/** The folder of packs inside the content folder. */
export const packsDir = 'packs';

/** Every pack source in `<content>/packs/`, sorted; none when the folder is absent. */
export async function findPacks(contentDir: string): Promise<string[]> {
  const dir = path.join(contentDir, packsDir);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names
    .filter((n) => /\.(ya?ml|md)$/.test(n) && !n.startsWith('.') && !n.startsWith('_'))
    .map((n) => path.join(dir, n))
    .sort();
}
