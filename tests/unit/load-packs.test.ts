// Pack files: validated with positions; a slug or category that matches
// nothing is reported at the line that names it.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { VFile } from 'vfile';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatMessages } from '../../scripts/pipeline/core/messages.ts';
import { findPacks, loadPack } from '../../scripts/pipeline/load/load-packs.ts';
import { findReleases, loadRelease, type Release } from '../../scripts/pipeline/load/load-release.ts';
import { selectReleases } from '../../scripts/pipeline/load/select-pack-releases.ts';
import { loadConfig } from '../../scripts/pipeline/schema/config.ts';
import { fixtures, tempDir, templatesDir } from '../helpers/project.ts';

const contentDir = path.join(fixtures, 'packs');
let loaded: Array<{ file: VFile; release?: Release }>;
let config: Awaited<ReturnType<typeof loadConfig>>['config'];

beforeAll(async () => {
  config = (await loadConfig(contentDir)).config;
  const sources = await findReleases(contentDir);
  loaded = await Promise.all(sources.map((s) => loadRelease(s, { contentDir, templatesDir, config })));
});

async function packFrom(text: string, name = 'pack.yml') {
  const file = path.join(tempDir(), name);
  writeFileSync(file, text);
  const result = await loadPack(file, { config });
  const chosen = result.pack ? selectReleases(result.pack, loaded) : [];
  const messages = formatMessages([result.file], path.dirname(file)).map((line) => line.replace(/^\S+?:/, ''));
  return { ...result, chosen, messages };
}

describe('loadPack and selectReleases', () => {
  it('finds the fixture packs and skips the releases', async () => {
    expect((await findPacks(contentDir)).map((f) => path.basename(f))).toEqual(['duplex.yml', 'simplex.md']);
  });

  it('keeps the order of an explicit list', async () => {
    const { chosen, messages } = await packFrom('title: T\ndate: 2024-03-10\nreleases:\n  - 2024-03-05-medium\n  - 2024-01-10-short\n');
    expect(messages).toEqual([]);
    expect(chosen.map((r) => r.slug)).toEqual(['2024-03-05-medium', '2024-01-10-short']);
  });

  it('reports a slug that matches nothing at its line and column, with the nearest slug', async () => {
    const { chosen, messages } = await packFrom(
      'title: T\ndate: 2024-03-10\nreleases:\n  - 2024-01-10-short\n  - 2024-02-20-lnog\n  - no-such-release\n',
    );
    expect(messages).toEqual([
      '5:5: error: No release `2024-02-20-lnog`; did you mean `2024-02-20-long`? [pack-unknown-release]',
      expect.stringMatching(/^6:5: error: No release `no-such-release`; expected the slug of a release/),
    ]);
    expect(chosen.map((r) => r.slug)).toEqual(['2024-01-10-short']);
  });

  it('reports a category that no release has at its line', async () => {
    const { messages } = await packFrom('title: T\ndate: 2024-03-10\nselect:\n  category: Maritme\n');
    expect(messages).toEqual(['4:13: error: No release has the category `Maritme`; did you mean `Maritime`? [pack-unknown-category]']);
  });

  it('selects by category, tag and date range, sorted', async () => {
    const byDate = await packFrom(
      'title: T\ndate: 2024-03-10\nselect:\n  category: maritime\n  from: 2024-02-01\n  sort: date-descending\n',
    );
    expect(byDate.chosen.map((r) => r.slug)).toEqual(['2024-03-05-medium', '2024-02-20-long']);
    const byTag = await packFrom('title: T\ndate: 2024-03-10\nselect:\n  tag: Consultations\n');
    expect(byTag.chosen.map((r) => r.slug)).toEqual(['2024-02-20-long']);
  });

  it('reports schema problems at their place', async () => {
    const bad = await packFrom('title: T\ndate: 2024-02-30\nduplex: yes\nreleases: [2024-01-10-short]\n');
    expect(bad.pack).toBeUndefined();
    expect(bad.messages).toEqual([
      expect.stringMatching(/^2:7: error: Invalid `date` in pack: `2024-02-30` is not a calendar date/),
      expect.stringMatching(/^3:9: error: Invalid `duplex` in pack: expected true or false/),
    ]);
  });

  it('needs either releases or select, not both', async () => {
    const neither = await packFrom('title: T\ndate: 2024-03-10\n');
    expect(neither.messages).toEqual([expect.stringMatching(/error: Invalid `releases` in pack: expected either `releases:`/)]);
    const both = await packFrom('title: T\ndate: 2024-03-10\nreleases: [2024-01-10-short]\nselect:\n  tag: x\n');
    expect(both.messages).toEqual([expect.stringMatching(/^3:11: error: Invalid `releases` in pack: expected either/)]);
  });

  it('takes the introduction from the body of a Markdown pack', async () => {
    const { pack, messages } = await packFrom(
      '---\ntitle: T\ndate: 2024-03-10\nreleases: [2024-01-10-short]\n---\n\nHello **there**.\n',
      'intro.md',
    );
    expect(messages).toEqual([]);
    expect(pack?.introduction?.markdown.trim()).toBe('Hello **there**.');
    expect(pack?.name).toBe('intro');
    expect(pack?.issuer).toBe('Ministry of Examples');
  });
});
