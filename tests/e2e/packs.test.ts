// Builds the packs fixture (three releases: 1, 2 and 4 pages) with real
// Chromium and reads the PDFs back as a reader would: the contents' numbers
// against the page each title stands on, the footer numbers, right-hand
// starts in duplex, bookmarks, tags and metadata.
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { HtmlValidate } from 'html-validate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../scripts/pipeline/build.ts';
import { pdfInfo, pdfOutline, pdfPages, pdfText } from '../helpers/pdf.ts';
import { copyFixture, tempDir, templatesDir } from '../helpers/project.ts';

const releases = [
  { slug: '2024-02-20-long', title: 'Outcome of the annual ministerial consultations', header: 'Annual consultations' },
  { slug: '2024-01-10-short', title: 'Short statement on harbour safety', header: 'Harbour safety' },
  { slug: '2024-03-05-medium', title: 'Visit of the Deputy Minister to the coastal region', header: "Deputy Minister's visit" },
];

let outDir: string;
let report: Awaited<ReturnType<typeof build>>;
const made: string[] = [];

beforeAll(async () => {
  const contentDir = copyFixture('packs');
  outDir = tempDir();
  made.push(contentDir, outDir);
  report = await build({ contentDir, outDir, templatesDir, concurrency: 1 });
}, 240_000);

afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** The PDF's objects uncompressed, as text: what a reader's link table holds. */
function pdfObjects(file: string): string {
  return execFileSync('qpdf', ['--qdf', '--object-streams=disable', file, '-'], { maxBuffer: 64 * 1024 * 1024 }).toString('latin1');
}

/** What the contents page says: title -> page number. */
function contentsNumbers(file: string, pages: readonly string[]): { page: number; numbers: Map<string, number> } {
  const index = pages.findIndex((text) => /^Contents$/m.test(text));
  expect(index).toBeGreaterThan(0);
  const layout = pdfText(file, index + 1);
  const numbers = new Map<string, number>();
  for (const { title } of releases) {
    const match = new RegExp(`${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s+(\\d+)\\s*$`, 'm').exec(layout);
    if (match?.[1]) numbers.set(title, Number(match[1]));
  }
  return { page: index + 1, numbers };
}

/** The first page after the contents on which `title` stands, 1-based. */
function pageOfTitle(pages: readonly string[], title: string, after: number): number {
  const squash = (text: string) => text.replace(/\s+/g, ' ');
  return pages.findIndex((text, i) => i >= after && squash(text).includes(title)) + 1;
}

describe('a duplex pack of three releases', () => {
  const file = () => path.join(outDir, 'packs/duplex.pdf');

  it('builds without errors, next to its HTML', () => {
    const packs = report.documents.filter((d) => d.slug?.startsWith('packs/'));
    expect(packs.map((d) => [d.slug, d.ok])).toEqual([
      ['packs/duplex', true],
      ['packs/simplex', true],
    ]);
    expect(existsSync(path.join(outDir, 'packs/duplex.html'))).toBe(true);
  });

  it('gives in its contents the page on which each release title stands', () => {
    const pages = pdfPages(file());
    const contents = contentsNumbers(file(), pages);
    expect(contents.numbers.size).toBe(3);
    for (const { title } of releases) {
      expect(contents.numbers.get(title), title).toBe(pageOfTitle(pages, title, contents.page));
    }
  });

  it('starts the contents and every release on a right-hand (odd) page, the long one spanning three or more', () => {
    const pages = pdfPages(file());
    const contents = contentsNumbers(file(), pages);
    expect(contents.page % 2).toBe(1);
    const starts = releases.map(({ title }) => contents.numbers.get(title) ?? 0);
    for (const start of starts) expect(start % 2).toBe(1);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    // The long release runs from its first page to the page before the next release's blank or first page.
    const [long, short] = starts;
    const longPages = pages.slice((long ?? 1) - 1, (short ?? 1) - 1).filter((text) => text.includes('Annual consultations'));
    expect(longPages.length).toBeGreaterThanOrEqual(3);
  });

  it('numbers every page but the cover continuously, "Page N of M"', () => {
    const pages = pdfPages(file());
    const total = pages.length;
    expect(Number(pdfInfo(file()).Pages)).toBe(total);
    expect(pages[0]).not.toMatch(/Page \d+ of/);
    pages.slice(1).forEach((text, i) => {
      expect(text).toContain(`Page ${i + 2} of ${total}`);
    });
  });

  it('names the release in the running header of each of its pages', () => {
    const pages = pdfPages(file());
    const contents = contentsNumbers(file(), pages);
    releases.forEach(({ title, header }, i) => {
      const start = contents.numbers.get(title) ?? 0;
      const next = contents.numbers.get(releases[i + 1]?.title ?? '') ?? pages.length + 1;
      for (const text of pages.slice(start - 1, next - 1)) {
        if (text.includes('intentionally left blank')) continue;
        expect(text).toContain(header);
      }
    });
  });

  it('has a bookmark for each release, with its headings beneath, in order', () => {
    const outline = pdfOutline(file());
    const at = releases.map(({ title }) => outline.indexOf(title));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a - b));
    const longHeadings = outline.slice((at[0] ?? 0) + 1, at[1]);
    expect(longHeadings).toContain('Session 1: agenda item 1');
    expect(longHeadings).toContain('Session 6: agenda item 6');
  });

  it('points its links to the site next to the pack, none at the print origin', () => {
    const objects = pdfObjects(file());
    expect(objects).toContain('/URI (../index.html)');
    expect(objects).toContain('/URI (../categories/maritime.html)');
    expect(objects).not.toContain('briefing.invalid');
  });

  it('is tagged and carries the pack metadata', () => {
    const info = pdfInfo(file());
    expect(info.Tagged).toBe('yes');
    expect(info.Title).toBe('Maritime briefing');
    expect(info.Subject).toBe('Three releases of different lengths');
    expect(info.Author).toBe('Ministry of Examples');
    expect(info.CreationDate).toContain('2024');
  });
});

describe('a simplex pack selected by category, newest first, with a Markdown introduction', () => {
  const file = () => path.join(outDir, 'packs/simplex.pdf');

  it('prints the introduction and the releases newest first, numbers matching, no blank pages', () => {
    const pages = pdfPages(file());
    expect(pages.join('\n')).toContain('An introduction in Markdown');
    expect(pages.join('\n')).not.toContain('intentionally left blank');
    const contents = contentsNumbers(file(), pages);
    expect(contents.page).toBe(2);
    const starts = releases.map(({ title }) => contents.numbers.get(title));
    for (const { title } of releases) expect(contents.numbers.get(title)).toBe(pageOfTitle(pages, title, contents.page));
    // Newest first: medium (March), long (February), short (January).
    expect(starts[2]).toBe(3);
    expect(starts[0]).toBeGreaterThan(starts[2] ?? 0);
    expect(starts[1]).toBeGreaterThan(starts[0] ?? 0);
  });
});

describe('the listing next to the packs', () => {
  it('writes valid HTML for the index, the category page and the packs', async () => {
    const validator = new HtmlValidate({ extends: ['html-validate:recommended'], rules: { 'doctype-style': 'off', 'long-title': 'off' } });
    for (const page of ['index.html', 'categories/maritime.html', 'packs/duplex.html', 'packs/simplex.html']) {
      const report = await validator.validateString(readFileSync(path.join(outDir, page), 'utf8'), page);
      const problems = report.results.flatMap((r) => r.messages.map((m) => `${page}:${m.line}:${m.column} ${m.ruleId} ${m.message}`));
      expect(problems).toEqual([]);
    }
  });

  it('gives each release its PDF page count and size, carried from the build', () => {
    const index = readFileSync(path.join(outDir, 'index.html'), 'utf8');
    for (const { slug } of releases) {
      const built = report.documents.find((d) => d.slug === slug);
      const size = `${Math.round((built?.bytes ?? 0) / 1024)} KB`;
      const pages = built?.pages === 1 ? '1 page' : `${built?.pages} pages`;
      expect(index).toContain(`href="${slug}.pdf" type="application/pdf">PDF</a> <span class="count">(${pages}, ${size})</span>`);
    }
    expect(index).toContain('<link rel="alternate" type="application/atom+xml" href="feed.xml"');
    expect(existsSync(path.join(outDir, 'feed.xml'))).toBe(true);
  });
});

describe('a pack whose releases link to the site, with a base_url', () => {
  let packsOut: string;

  beforeAll(async () => {
    const contentDir = copyFixture('packs');
    packsOut = tempDir();
    made.push(contentDir, packsOut);
    appendFileSync(path.join(contentDir, 'site.yml'), 'base_url: https://press.example.org/mofa/\n');
    appendFileSync(
      path.join(contentDir, '2024-01-10-short.md'),
      '\nSee also [the consultations](2024-02-20-long.html) and [all maritime releases](categories/maritime.html).\n',
    );
    const built = await build({ contentDir, outDir: packsOut, templatesDir, concurrency: 1 });
    expect(built.failed).toBe(0);
  }, 240_000);

  it('leaves no link at the print origin: each points at the base_url', () => {
    for (const name of ['duplex', 'simplex']) {
      const objects = pdfObjects(path.join(packsOut, `packs/${name}.pdf`));
      expect(objects, name).not.toContain('briefing.invalid');
      expect(objects, name).toContain('/URI (https://press.example.org/mofa/index.html)');
      expect(objects, name).toContain('/URI (https://press.example.org/mofa/categories/maritime.html)');
      // The release's own link, printed inside the pack, is rewritten too. (Where a release's
      // relative link lands from packs/ is another matter: it is not re-based yet.)
      expect(objects, name).toMatch(/\/URI \(https:\/\/press\.example\.org\/mofa\/(packs\/)?2024-02-20-long\.html\)/);
    }
  });
});
