// Parsing Markdown is the largest part of a build's CPU after rendering it: a
// release's Markdown is parsed once per build, through load, build and every
// pack that prints it. Loading reads only the front matter; the body is parsed
// when first read. Past the memory budget a built release's tree is dropped and
// parsed once more for all the packs together.
import path from 'node:path';
import { VFile } from 'vfile';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { build } from '../../scripts/pipeline/build.ts';
import { lightRelease } from '../../scripts/pipeline/load/light-release.ts';
import { loadRelease } from '../../scripts/pipeline/load/load-release.ts';
import { parseMarkdown } from '../../scripts/pipeline/markdown/parse-markdown.ts';
import { loadConfig } from '../../scripts/pipeline/schema/config.ts';
import { fixtures, tempDir, templatesDir } from '../helpers/project.ts';

const parses = vi.hoisted(() => new Map<string, number>());

vi.mock('../../scripts/pipeline/markdown/parse-markdown.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../scripts/pipeline/markdown/parse-markdown.ts')>();
  return {
    ...original,
    parseMarkdown: (...args: Parameters<typeof original.parseMarkdown>) => {
      const [file] = args;
      // A string is the front matter alone (markdown/front-matter-node.ts), not a parse of the release.
      if (typeof file !== 'string') parses.set(file.path, (parses.get(file.path) ?? 0) + 1);
      return original.parseMarkdown(...args);
    },
  };
});

// Three releases, and two packs that print all three (tests/fixtures/packs).
const contentDir = path.join(fixtures, 'packs');
const releases = ['2024-01-10-short.md', '2024-02-20-long.md', '2024-03-05-medium.md'];
const countsOf = (names: readonly string[]) => names.map((name) => parses.get(path.join(contentDir, name)) ?? 0);

beforeEach(() => parses.clear());

describe('Markdown parsed once per build', () => {
  it('a build parses each release once, though it loads, builds and prints it in two packs', async () => {
    const report = await build({ contentDir, outDir: tempDir('briefing-parse-once-'), templatesDir, formats: new Set(['html']) });
    expect(report.documents.filter((r) => r.ok).map((r) => r.slug)).toEqual(
      expect.arrayContaining(['2024-01-10-short', '2024-02-20-long', '2024-03-05-medium', 'packs/duplex', 'packs/simplex']),
    );
    expect(countsOf(releases)).toEqual([1, 1, 1]);
  });

  it('loading parses no body; past the budget, the tree is parsed for the build, and once for any number of pack reads', async () => {
    const { config } = await loadConfig(contentDir);
    const source = path.join(contentDir, releases[0] ?? '');
    const { release } = await loadRelease(source, { contentDir, templatesDir, config });
    if (!release) throw new Error('fixture release did not load');
    const light = lightRelease(release, false);
    expect(countsOf([releases[0] ?? ''])).toEqual([0]);
    const built = light.parsed().tree;
    expect(countsOf([releases[0] ?? ''])).toEqual([1]);
    expect(light.release.tree).toEqual(built);
    expect(light.release.tree).toBe(light.release.tree);
    expect(countsOf([releases[0] ?? ''])).toEqual([2]);
    expect(built).toEqual(parseMarkdown(new VFile({ path: source, value: String(release.file.value) })));
  });

  it('within the budget, the tree loaded is the tree built and printed', async () => {
    const { config } = await loadConfig(contentDir);
    const { release } = await loadRelease(path.join(contentDir, releases[1] ?? ''), { contentDir, templatesDir, config });
    if (!release) throw new Error('fixture release did not load');
    const light = lightRelease(release, true);
    expect(light.parsed().tree).toBe(release.tree);
    expect(light.release.tree).toBe(release.tree);
    expect(countsOf([releases[1] ?? ''])).toEqual([1]);
  });
});
