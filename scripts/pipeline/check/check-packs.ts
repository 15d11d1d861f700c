// Packs for `npm run check`: each pack file loaded, validated and resolved to
// its releases by the build's own code (load/load-packs.ts), so a bad value or
// a misspelt slug is reported at its line before anything is printed.
import type { VFile } from 'vfile';
import { findPacks, loadPack } from '../load/load-packs.ts';
import type { Release } from '../load/load-release.ts';
import { selectReleases } from '../load/select-pack-releases.ts';
import type { SiteConfig } from '../schema/config.ts';

/** One file per pack, holding its problems. `releases`: every release that loaded, with or without errors. */
export async function checkPacks(
  contentDir: string,
  config: SiteConfig,
  releases: ReadonlyArray<{ readonly file: VFile; readonly release?: Release | undefined }>,
): Promise<VFile[]> {
  const files: VFile[] = [];
  for (const source of await findPacks(contentDir)) {
    const { file, pack } = await loadPack(source, { config });
    if (pack) selectReleases(pack, releases);
    files.push(file);
  }
  return files;
}
