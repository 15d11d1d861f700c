// The releases packs gather from: those the build loaded are used as they are;
// one it did not load (kept from the manifest, or any under --merge) is loaded
// only when a pack needs it, and never twice.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PackReleases } from '../../scripts/pipeline/collections/pack-releases.ts';
import type { DocumentRecord } from '../../scripts/pipeline/incremental/manifest-types.ts';
import { loadPack, type Pack } from '../../scripts/pipeline/load/load-packs.ts';
import { findReleases, loadRelease } from '../../scripts/pipeline/load/load-release.ts';
import { selectReleases } from '../../scripts/pipeline/load/select-pack-releases.ts';
import { loadConfig, type SiteConfig } from '../../scripts/pipeline/schema/config.ts';
import { fixtures, templatesDir } from '../helpers/project.ts';

const contentDir = path.join(fixtures, 'packs');
const slugs = ['2024-01-10-short', '2024-02-20-long', '2024-03-05-medium'];
let config: SiteConfig;
let packDir: string;
/** The manifest's view of the fixture: every release with its listing facts. */
let documents: Record<string, DocumentRecord>;

beforeAll(async () => {
  config = (await loadConfig(contentDir)).config;
  packDir = mkdtempSync(path.join(tmpdir(), 'briefing-packs-'));
  documents = Object.fromEntries(
    slugs.map((slug) => [
      `${slug}.md`,
      { key: 'k', source: 's', images: {}, outputs: [], fontSets: [], listing: { title: slug, date: slug.slice(0, 10), lang: 'en', slug } },
    ]),
  );
});

afterAll(() => rmSync(packDir, { recursive: true, force: true }));

async function pack(name: string, text: string): Promise<Pack> {
  const file = path.join(packDir, name);
  writeFileSync(file, text);
  const { pack: loaded } = await loadPack(file, { config });
  if (!loaded) throw new Error(`fixture pack ${name} did not load`);
  return loaded;
}

async function loadedByBuild(slug: string) {
  return loadRelease(path.join(contentDir, `${slug}.md`), { contentDir, templatesDir, config });
}

describe('PackReleases', () => {
  it('uses the releases the build loaded and loads only the named one it did not', async () => {
    const short = await loadedByBuild('2024-01-10-short');
    const releases = new PackReleases({ contentDir, templatesDir, config, documents, releases: [short] });
    const two = await pack('two.yml', 'title: Two\ndate: 2024-03-10\nreleases: [2024-01-10-short, 2024-03-05-medium]\n');
    const given = await releases.forPack(two);
    expect(releases.loads).toBe(1);
    // The build's own object, not a second read of it.
    expect(given.find((r) => r.release?.slug === '2024-01-10-short')).toBe(short);
    expect(selectReleases(two, given).map((r) => r.slug)).toEqual(['2024-01-10-short', '2024-03-05-medium']);

    // A second pack naming the same release does not load it again.
    const again = await pack('again.yml', 'title: Again\ndate: 2024-03-10\nreleases: [2024-03-05-medium]\n');
    expect(selectReleases(again, await releases.forPack(again)).map((r) => r.slug)).toEqual(['2024-03-05-medium']);
    expect(releases.loads).toBe(1);
  });

  it('loads every release once for a selection, as under --merge with nothing loaded', async () => {
    const releases = new PackReleases({ contentDir, templatesDir, config, documents });
    const selection = await pack('select.yml', 'title: All\ndate: 2024-03-10\nselect:\n  category: Maritime\n');
    expect(selectReleases(selection, await releases.forPack(selection)).map((r) => r.slug)).toEqual(slugs);
    await releases.forPack(selection);
    expect(releases.loads).toBe(3);
  });

  it('loads them all for a slug that names no release, so the nearest one can be suggested', async () => {
    const releases = new PackReleases({ contentDir, templatesDir, config, documents });
    const typo = await pack('typo.yml', 'title: Typo\ndate: 2024-03-10\nreleases: [2024-03-05-medum]\n');
    selectReleases(typo, await releases.forPack(typo));
    expect(releases.loads).toBe(3);
    expect(typo.file.messages.map((m) => m.reason)).toEqual(['No release `2024-03-05-medum`; did you mean `2024-03-05-medium`?']);
  });

  it('covers every release the content folder has', async () => {
    expect((await findReleases(contentDir)).map((f) => path.basename(f, '.md')).sort()).toEqual(slugs);
  });
});
