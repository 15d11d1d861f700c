// `npm run build -- content/packs/x.yml` names a pack, not a release: the build
// then makes the releases that pack needs (and the collections step makes the
// pack itself, as always). A pack that lists its releases by slug needs those;
// one that selects by category, tag or date may need any, so all are built
// (releases already up to date are skipped by the manifest anyway).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';

/**
 * The release files to build for the files named on the command line: release
 * files as they are, each pack file replaced by its releases. Undefined: build
 * every release. A broken pack file is left to the pack build to report.
 */
export async function releasesForSelection(
  named: readonly string[],
  packFiles: readonly string[],
  sources: readonly string[],
): Promise<string[] | undefined> {
  const selected = new Set<string>();
  for (const file of named) {
    if (!packFiles.includes(file)) {
      selected.add(file);
      continue;
    }
    const slugs = await listedSlugs(file);
    if (slugs === undefined) return undefined;
    const bySlug = new Map(sources.map((source) => [path.basename(source, '.md'), source]));
    for (const slug of slugs) {
      const source = bySlug.get(slug.replace(/\.md$/, ''));
      if (source) selected.add(source);
    }
  }
  return [...selected];
}

async function listedSlugs(file: string): Promise<string[] | undefined> {
  try {
    let text = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
    if (file.endsWith('.md')) text = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text)?.[1] ?? '';
    const data = parse(text) as { releases?: unknown } | null;
    const releases = data?.releases;
    return Array.isArray(releases) ? releases.filter((r): r is string => typeof r === 'string') : undefined;
  } catch {
    return undefined;
  }
}
