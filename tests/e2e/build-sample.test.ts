// The whole path, as a press officer runs it: the CLI builds the sample and the
// fixtures with real Chromium, and the PDFs are read back with poppler.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pdfFonts, pdfInfo, pdfPages, pdfText } from '../helpers/pdf.ts';
import { type CliResult, fixtures, root, runBuild, tempDir } from '../helpers/project.ts';

const slug = '2023-04-04-hayashi-stoltenberg';

describe('npm run build on the sample release', () => {
  const out = tempDir();
  let result: CliResult;
  beforeAll(() => {
    result = runBuild(['--content', 'content', '--out', out], root);
  });

  it('exits 0 and ends with a summary line', () => {
    // Four releases (the meeting in English and Japanese) and the NATO briefing pack.
    expect(result.stderr).toMatch(/^5 built, 0 failed, in \d+\.\d s \(output: .+\)\n$/m);
    expect(result.status).toBe(0);
  });

  it('writes the HTML, the PDF and the listing', () => {
    for (const file of [
      `${slug}.html`,
      `${slug}.pdf`,
      'index.html',
      'categories/north-atlantic-treaty-organization-nato.html',
      'assets/fonts/base.css',
    ]) {
      expect(existsSync(path.join(out, file)), file).toBe(true);
    }
  });

  it('prints the title, the dateline and items 1 to 3 in order, with the curly apostrophe intact', () => {
    const text = pdfText(path.join(out, `${slug}.pdf`)).replace(/\s+/g, ' ');
    const order = [
      'Meeting between Foreign Minister Hayashi and NATO Secretary General Stoltenberg',
      'April 4, 2023',
      'On April 4, commencing at 19:10 p.m.',
      '1. Minister Hayashi stated',
      'welcomed NATO’s enhanced engagement',
      '2. Secretary General Stoltenberg welcomed',
      '3. Both sides agreed',
      'Russia’s nuclear threat',
      'Page 1 of 1',
    ];
    let at = -1;
    for (const phrase of order) {
      const next = text.indexOf(phrase, at + 1);
      expect(next, `"${phrase}" after position ${at}`).toBeGreaterThan(at);
      at = next;
    }
    // smart_quotes (default on) turns the straight apostrophe the source has here into a typographic one.
    expect(text).toContain('NATO Foreign Ministers’ Meeting');
  });

  it('is one A4 page, tagged, with metadata from the front matter and only embedded fonts', () => {
    const file = path.join(out, `${slug}.pdf`);
    const info = pdfInfo(file);
    expect(info).toMatchObject({
      Pages: '1',
      Tagged: 'yes',
      Title: 'Meeting between Foreign Minister Hayashi and NATO Secretary General Stoltenberg',
      Author: 'Ministry of Foreign Affairs of Japan',
      Keywords: 'NATO, Belgium, Ukraine, Indo-Pacific, North Atlantic Treaty Organization (NATO)',
      Creator: expect.stringMatching(/^Briefing Press \d+\.\d+\.\d+$/),
    });
    expect(info['Page size']).toMatch(/^594\.96 x 841\.92 pts \(A4\)/);
    // 19:10 in Brussels (`date: 2023-04-04T19:10`, `time_zone: Europe/Brussels`).
    expect(info.CreationDate).toMatch(/Apr\s+4 17:10:00 2023 UTC/);
    const fonts = pdfFonts(file);
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.every((f) => f.embedded && f.subset)).toBe(true);
    expect(fonts.map((f) => f.name).join(' ')).toMatch(/SourceSerif4/);
  });

  it('writes an accessible, standalone HTML page', () => {
    const html = readFileSync(path.join(out, `${slug}.html`), 'utf8');
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(html).toContain('<title>Meeting between Foreign Minister Hayashi and NATO Secretary General Stoltenberg</title>');
    expect(html).toContain('<meta name="description" content="Foreign Minister Hayashi met NATO Secretary General Stoltenberg');
    expect(html).toContain('<time datetime="2023-04-04T17:10:00Z">April 4, 2023<span class="release-time"> 19:10 GMT+2</span></time>');
    expect(html).toContain(
      '<a href="categories/north-atlantic-treaty-organization-nato.html">Back to North Atlantic Treaty Organization (NATO)</a>',
    );
    expect(html).toMatch(/<article[^>]*>[\s\S]*<header class="release-header">/);
    expect(html).not.toContain('<figure'); // the sample has no photo file
    expect(html).toContain("script-src 'none'");
    expect(html).not.toMatch(/<script/i);
  });

  it('lists the release in index.html, linking both files', () => {
    const index = readFileSync(path.join(out, 'index.html'), 'utf8');
    expect(index).toContain(`href="${slug}.html"`);
    expect(index).toContain(`href="${slug}.pdf"`);
    expect(index).toMatch(/1 pages?, \d+ KB/);
  });
});

describe('a release with an image', () => {
  const out = tempDir();
  let result: CliResult;
  beforeAll(() => {
    result = runBuild(['--content', path.join(fixtures, 'with-image'), '--out', out]);
  });

  it('copies the image next to the HTML and shows it as a figure with its alt text and caption', () => {
    expect(result.status, result.stderr).toBe(0);
    expect(statSync(path.join(out, 'assets/images/map.svg')).size).toBeGreaterThan(100);
    const html = readFileSync(path.join(out, '2024-01-15-route-map.html'), 'utf8');
    expect(html).toContain(
      '<figure class="release-figure">\n<img src="assets/images/map.svg" alt="A map with a dashed line from Tokyo in the east to Brussels in the west">',
    );
    expect(html).toContain('<figcaption>(Map) The route of the Minister&#39;s visit</figcaption>');
  });

  it('prints the figure, the caption, the table and the footnote', () => {
    const pdf = path.join(out, '2024-01-15-route-map.pdf');
    const text = pdfPages(pdf).join('\n');
    expect(text).toContain("(Map) The route of the Minister's visit");
    expect(text).toMatch(/Brussels\s+NATO Foreign Ministers/);
    expect(text).toContain('The meeting is held twice a year.');
    // Every tagged Figure describes itself (the <figure> around the photo is a Div).
    const qdf = execFileSync('qpdf', ['--qdf', '--object-streams=disable', pdf, '-'], { encoding: 'latin1', maxBuffer: 64 * 1024 * 1024 });
    const elements = qdf.split(/\bendobj\b/).filter((o) => /\/Type \/StructElem/.test(o));
    const figures = elements.filter((o) => /\/S \/Figure\b/.test(o));
    expect(figures.length).toBe(2);
    for (const figure of figures) expect(figure).toMatch(/\/Alt \(/);
    // The inline copy of the map is an image too: its alt text must not appear in place of it.
    expect(text).not.toContain('Small copy of the route map');
    expect(result.stderr).not.toMatch(/warning/);
  });
});

describe('a content folder with broken releases', () => {
  const out = tempDir();
  let result: CliResult;
  beforeAll(() => {
    result = runBuild(['--content', path.join(fixtures, 'broken'), '--out', out]);
  });

  it('builds the good release, reports one positioned error per broken file, and exits 1', () => {
    expect(result.status).toBe(1);
    expect(existsSync(path.join(out, '2023-05-01-good.pdf'))).toBe(true);
    const errors = result.stderr.split('\n').filter((l) => l.includes(': error: '));
    expect(errors).toEqual([
      'tests/fixtures/broken/2023-05-02-unclosed-quote.md:2:8: error: Invalid YAML in front matter: Missing closing " for the quote that opens here [front-matter-yaml]',
      'tests/fixtures/broken/2023-05-03-impossible-date.md:3:7: error: Invalid `date` in front matter: `2023-02-30` is not a calendar date: February 2023 has 28 days [front-matter-invalid]',
      'tests/fixtures/broken/2023-05-04-no-title.md:2:1: error: Missing required key `title` in front matter [front-matter-missing]',
    ]);
    expect(result.stderr).toMatch(/^1 built, 3 failed, in /m);
  });
});

describe('usage errors', () => {
  it('exits 2 with one line when the content folder is missing', () => {
    const result = runBuild(['--content', 'no-such-folder', '--out', tempDir()]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('error: Content folder not found: no-such-folder\n');
  });

  it('exits 2 with one line when no browser can be found', () => {
    const result = runBuild(['--content', path.join(fixtures, 'broken'), '--out', tempDir()], root, {
      PUPPETEER_EXECUTABLE_PATH: '/nonexistent/chrome',
    });
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n').at(-1)).toMatch(
      /^error: No Chromium or Chrome found: install one \(Debian\/Ubuntu: `apt-get install -y chromium-headless-shell`, or `chromium`\)/,
    );
  });
});
