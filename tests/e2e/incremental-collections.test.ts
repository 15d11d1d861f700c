// The collections of an incremental build: a change rewrites the pages that
// show the release (its own, the index, its category page, the feed) and no
// other file; a pack is printed again only when one of its releases changed
// or a changed release joins it. HTML only, so no browser is needed.
import { appendFileSync, cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../scripts/pipeline/build.ts';
import { snapshot, touched } from '../helpers/incremental.ts';
import { sampleContent, tempDir, templatesDir } from '../helpers/project.ts';

const work = tempDir('briefing-incremental-collections-');
const content = path.join(work, 'content');
const out = path.join(work, 'out');
const before2099 = new Date('2026-01-01T00:00:00Z');

const run = async (now = before2099) => {
  const report = await build({ contentDir: content, outDir: out, templatesDir, formats: new Set(['html']), concurrency: 2, now });
  return report;
};
const read = (file: string) => readFileSync(path.join(out, file), 'utf8');
const release = (name: string, front: string, body = 'One paragraph.') =>
  writeFileSync(path.join(content, `${name}.md`), `---\n${front}\n---\n\n${body}\n`);

const travel = '2024-02-01-short-note';
const held = '2099-05-08-summit-statement';
const inPack = '2023-07-12-japan-nato-itpp';
const pack = 'packs/japan-nato-2023.html';
const manifest = '.briefing-manifest.json';

beforeAll(async () => {
  cpSync(sampleContent, content, { recursive: true });
  release(travel, 'title: A short note\ndate: 2024-02-01\ncategory: Travel');
  release(held, 'title: Statement on the Summit\ndate: 2099-05-08T10:00\nembargo: 2099-05-08T10:00\ncategory: Travel');
  await run();
  expect(read('index.html')).toContain('A short note');
  expect(read('index.html')).not.toContain('Statement on the Summit');
  expect(existsSync(path.join(out, pack))).toBe(true);
});

describe('the collections of an incremental build', () => {
  it('rewrites only the page of a release whose body changed: the listings and the feed show nothing of it, the pack does not hold it', async () => {
    const before = snapshot(out);
    appendFileSync(path.join(content, `${travel}.md`), '\nA second paragraph.\n');
    const report = await run();
    expect(touched(before, snapshot(out))).toEqual([manifest, `${travel}.html`]);
    expect(report.documents.map((d) => d.slug)).toEqual([travel]);
  });

  it('rewrites only the page of a changed release that is not listed yet (under embargo)', async () => {
    const before = snapshot(out);
    appendFileSync(path.join(content, `${held}.md`), '\nA second paragraph.\n');
    await run();
    expect(touched(before, snapshot(out))).toEqual([manifest, `${held}.html`]);
  });

  it('shows a changed title on the index, the category page and the feed, and rewrites no other page', async () => {
    const before = snapshot(out);
    const file = path.join(content, `${travel}.md`);
    writeFileSync(file, readFileSync(file, 'utf8').replace('title: A short note', 'title: A corrected note'));
    await run();
    expect(touched(before, snapshot(out))).toEqual([manifest, `${travel}.html`, 'categories/travel.html', 'feed.xml', 'index.html']);
    for (const page of ['index.html', 'categories/travel.html', 'feed.xml']) {
      expect(read(page), page).toContain('A corrected note');
      expect(read(page), page).not.toContain('A short note');
    }
  });

  it('prints the pack again when one of its releases changes', async () => {
    const before = snapshot(out);
    appendFileSync(path.join(content, `${inPack}.md`), '\nA paragraph added to a release in the pack.\n');
    await run();
    expect(touched(before, snapshot(out))).toContain(pack);
    expect(read(pack)).toContain('A paragraph added to a release in the pack.');
  });

  it('prints the pack again when a new release joins its category', async () => {
    release(
      '2023-08-01-new-nato-release',
      'title: A new NATO release\ndate: 2023-08-01\ncategory: North Atlantic Treaty Organization (NATO)',
    );
    await run();
    expect(read(pack)).toContain('A new NATO release');
  });

  it('never lists a release that failed', async () => {
    release('2024-03-01-broken', 'title: A broken release\ndate: 2024-03-01\ncategory: Travel', '![A map](images/missing.png)');
    const report = await run();
    expect(report.documents.find((d) => d.slug === '2024-03-01-broken')?.ok).toBe(false);
    for (const page of ['index.html', 'categories/travel.html', 'feed.xml']) expect(read(page), page).not.toContain('A broken release');
    rmSync(path.join(content, '2024-03-01-broken.md'));
  });

  it('lists a release once its embargo lifts, and keeps the pack, which does not take it', async () => {
    const before = snapshot(out);
    await run(new Date('2099-06-01T00:00:00Z'));
    expect(read('index.html')).toContain('Statement on the Summit');
    expect(read('categories/travel.html')).toContain('Statement on the Summit');
    expect(read(`${held}.html`)).not.toContain('Embargoed until');
    expect(touched(before, snapshot(out))).not.toContain(pack);
  });

  it('takes a deleted release off the index, its category page and the feed, and keeps the pack', async () => {
    const before = snapshot(out);
    rmSync(path.join(content, `${travel}.md`));
    await run(new Date('2099-06-01T00:00:00Z'));
    for (const page of ['index.html', 'categories/travel.html', 'feed.xml']) expect(read(page), page).not.toContain('A corrected note');
    expect(existsSync(path.join(out, `${travel}.html`))).toBe(false);
    expect(touched(before, snapshot(out))).not.toContain(pack);
  });
});
