// Issue 15: the same folder built twice, with a different number of pages
// printing at once, gives the same bytes, and every page after a pack's cover
// (every page of a release) carries "Page N of M" even when the running head
// or the footer needs a font subset no other text on the page asked for.
// `npm run repro` is the long form of this test.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../scripts/pipeline/build.ts';
import { compareOutputs, pageCount, pagesWithoutFooter, pageText } from '../../scripts/repro/compare-outputs.ts';
import { mixedPacks, mixedReleases, writeMixedContent } from '../../scripts/repro/mixed-content.ts';
import { root, tempDir, templatesDir } from '../helpers/project.ts';

// Different pool sizes: a different order of documents on each reused page.
const concurrencies = [2, 3];
const outDirs = concurrencies.map(() => tempDir());

beforeAll(async () => {
  const contentDir = tempDir();
  writeMixedContent(root, contentDir);
  // The sample release is in no pack and `npm run repro` covers it: the suite saves its time.
  rmSync(path.join(contentDir, '2023-04-04-hayashi-stoltenberg.md'));
  // One after the other: two builds at once would only share the two cores.
  for (const [i, concurrency] of concurrencies.entries()) {
    const report = await build({ contentDir, outDir: outDirs[i] as string, templatesDir, concurrency, force: true });
    expect(report.documents.filter((d) => !d.ok).map((d) => d.file.path)).toEqual([]);
  }
}, 180_000);

describe('a mixed-language build, built twice', () => {
  it('gives the same bytes for every file whatever the concurrency', () => {
    expect(compareOutputs(outDirs[0] as string, outDirs[1] as string)).toBeUndefined();
  });

  // In both builds: which document a reused page printed before decided which font subsets it already had.
  it.each(mixedPacks)('prints the footer on every page of pack %s but the cover', (name) => {
    for (const out of outDirs) expect(pagesWithoutFooter(path.join(out, 'packs', `${name}.pdf`))).toEqual([1]);
  });

  it.each(Object.values(mixedReleases))('prints the footer on every page of release %s', (slug) => {
    for (const out of outDirs) expect(pagesWithoutFooter(path.join(out, `${slug}.pdf`))).toEqual([]);
  });
});

describe('an English pack of a Japanese release, printed beside the release', () => {
  it('has the running head and footer on every page but the cover', async () => {
    // Without the fix this pack printed with no margin boxes at all in 3 of 3
    // builds (two pages printing at once): 鬱蒼麒麟 appears only in its running head.
    const contentDir = tempDir();
    writeMixedContent(root, contentDir);
    for (const slug of [mixedReleases.long, mixedReleases.japanese, '2023-04-04-hayashi-stoltenberg'])
      rmSync(path.join(contentDir, `${slug}.md`));
    rmSync(path.join(contentDir, 'packs/mixed-languages.yml'));
    const outDir = tempDir();
    await build({ contentDir, outDir, templatesDir, concurrency: 2 });
    const pdf = path.join(outDir, 'packs/english-with-japanese.pdf');
    expect(pagesWithoutFooter(pdf)).toEqual([1]);
    expect(pageText(pdf, pageCount(pdf))).toContain('鬱蒼麒麟');
  });
});
