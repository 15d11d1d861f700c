// The index lists the briefing packs above the releases; category pages do not.
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../scripts/pipeline/build.ts';
import { sampleContent, tempDir, templatesDir } from '../helpers/project.ts';

const out = tempDir('briefing-listing-packs-');
beforeAll(async () => {
  await build({ contentDir: sampleContent, outDir: out, templatesDir, formats: new Set(['html']), concurrency: 2 });
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the index', () => {
  it('lists the sample pack, linked, before the releases', () => {
    const html = readFileSync(path.join(out, 'index.html'), 'utf8');
    const pack = html.indexOf('<a href="packs/japan-nato-2023.html">Japan and NATO</a>');
    expect(pack).toBeGreaterThan(-1);
    expect(pack).toBeLessThan(html.indexOf('class="year"'));
  });

  it('sets summaries smaller than titles, titles first', () => {
    const css = readFileSync(path.join(templatesDir, 'css/listing.css'), 'utf8');
    const size = (selector: string) => Number(new RegExp(`\\${selector} \\{[^}]*font-size: ([\\d.]+)rem`).exec(css)?.[1]);
    expect(size('.entry-summary')).toBeLessThan(size('.entry-title'));
    const list = readFileSync(path.join(templatesDir, 'partials/release-list.liquid'), 'utf8');
    expect(list.indexOf('entry-title')).toBeLessThan(list.indexOf('entry-summary'));
  });

  it('leaves packs off the category pages', () => {
    const category = readFileSync(path.join(out, 'categories/north-atlantic-treaty-organization-nato.html'), 'utf8');
    expect(category).not.toContain('packs/japan-nato-2023');
  });
});
