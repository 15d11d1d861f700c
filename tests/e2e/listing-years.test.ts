// A listing longer than site.yml's `listing_entries` (2 here): index.html and a
// long category page show the newest releases and link to a page per year; a
// change to one release rewrites the year pages that show it and no other
// listing page. HTML only, so no browser is needed.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../scripts/pipeline/build.ts';
import { snapshot, touched } from '../helpers/incremental.ts';
import { tempDir, templatesDir } from '../helpers/project.ts';

const work = tempDir('briefing-listing-years-');
const content = path.join(work, 'content');
const out = path.join(work, 'out');
const manifest = '.briefing-manifest.json';

const run = () => build({ contentDir: content, outDir: out, templatesDir, formats: new Set(['html']), concurrency: 2 });
const read = (file: string) => readFileSync(path.join(out, file), 'utf8');
const site = (entries: number) =>
  writeFileSync(
    path.join(content, 'site.yml'),
    `organization: Press Office\ntitle: Press releases\nlang: en\nlisting_entries: ${entries}\n`,
  );
const release = (name: string, title: string, date: string, category: string) =>
  writeFileSync(path.join(content, `${name}.md`), `---\ntitle: ${title}\ndate: ${date}\ncategory: ${category}\n---\n\nOne paragraph.\n`);

/** Every listing page the build wrote, relative to the output folder. */
const listingFiles = () =>
  readdirSync(out, { recursive: true, encoding: 'utf8' })
    .map((f) => f.split(path.sep).join('/'))
    .filter((f) => f.endsWith('.html') && (f === 'index.html' || f.startsWith('archive/') || f.startsWith('categories/')))
    .sort();

beforeAll(async () => {
  mkdirSync(content);
  site(2);
  release('a', 'Release A', '2022-03-01', 'Travel');
  release('b', 'Release B', '2022-06-01', 'Notes');
  release('c', 'Release C', '2023-02-01', 'Travel');
  release('d', 'Release D', '2023-05-01', 'Travel');
  release('e', 'Release E', '2024-01-10', 'Travel');
  release('f', 'Release F', '2024-02-01', 'Notes');
  const report = await run();
  expect(report.documents.every((d) => d.ok)).toBe(true);
});

describe('a listing longer than listing_entries', () => {
  it('has a page per year for the index and the long category, and one page for the short one', () => {
    expect(listingFiles()).toEqual([
      'archive/2022.html',
      'archive/2023.html',
      'archive/2024.html',
      'categories/notes.html',
      'categories/travel.html',
      'categories/travel/2022.html',
      'categories/travel/2023.html',
      'categories/travel/2024.html',
      'index.html',
    ]);
  });

  it('shows the newest releases on the front pages, with every year counted, and each year on its page', () => {
    const index = read('index.html');
    expect(index).toContain('Release F');
    expect(index).toContain('Release E');
    expect(index).not.toContain('Release D');
    expect(index).toContain('The latest 2 press releases');
    expect(index).toMatch(/href="archive\/2023.html">2023<\/a> <span class="count">\(2\)<\/span>/);
    expect(read('categories/travel.html')).toMatch(/href="travel\/2022.html">2022<\/a> <span class="count">\(1\)<\/span>/);
    const year = read('archive/2022.html');
    expect(year).toContain('<h1>Press releases of 2022</h1>');
    expect(year).toContain('Release A');
    expect(year).toContain('Release B');
    expect(year).not.toContain('Release C');
    expect(year).toMatch(/href="2022.html" aria-current="page">2022</);
    expect(read('categories/travel/2023.html')).toContain('<h1>Travel (2023)</h1>');
  });

  it('links only to files that exist', () => {
    for (const page of listingFiles()) {
      const html = read(page);
      for (const [, href] of html.matchAll(/href="([^"#:]+)"/g)) {
        const target = path.join(out, path.dirname(page), decodeURI(href ?? ''));
        expect(existsSync(target), `${page} links ${href}`).toBe(true);
      }
    }
  });

  it('rewrites only the year pages that show a release whose listed title changed', async () => {
    const before = snapshot(out);
    release('a', 'Release A, corrected', '2022-03-01', 'Travel');
    await run();
    expect(touched(before, snapshot(out))).toEqual([manifest, 'a.html', 'archive/2022.html', 'categories/travel/2022.html', 'feed.xml']);
    expect(read('archive/2022.html')).toContain('Release A, corrected');
  });

  it('moves a release whose date changed from one year page to the other, and counts it again on the front pages', async () => {
    const before = snapshot(out);
    release('c', 'Release C', '2022-02-01', 'Travel');
    await run();
    expect(touched(before, snapshot(out))).toEqual([
      manifest,
      'archive/2022.html',
      'archive/2023.html',
      'c.html',
      'categories/travel.html',
      'categories/travel/2022.html',
      'categories/travel/2023.html',
      'feed.xml',
      'index.html',
    ]);
    expect(read('archive/2022.html')).toContain('Release C');
    expect(read('archive/2023.html')).not.toContain('Release C');
    expect(read('categories/travel/2022.html')).toContain('Release C');
    expect(read('categories/travel/2023.html')).not.toContain('Release C');
  });

  it('puts a new release on the front pages without rewriting the year pages of other years', async () => {
    const before = snapshot(out);
    release('g', 'Release G', '2024-03-01', 'Travel');
    await run();
    const changed = touched(before, snapshot(out));
    expect(changed).toEqual([
      manifest,
      'archive/2024.html',
      'categories/notes.html',
      'categories/travel.html',
      'categories/travel/2024.html',
      'feed.xml',
      'g.html',
      'index.html',
    ]);
    expect(read('index.html')).toContain('Release G');
  });

  it('goes back to one page per listing, removing the year pages, when listing_entries grows', async () => {
    site(50);
    await run();
    expect(listingFiles()).toEqual(['categories/notes.html', 'categories/travel.html', 'index.html']);
    expect(read('index.html')).toContain('Release A, corrected');
    expect(read('index.html')).not.toContain('<nav class="year-pages"');
  });
});
