// Print quality, read back from real PDFs: the sample, a 13-page document
// with long tables and footnotes, a Japanese release and a Letter variant are
// built once each with real Chromium; every check below reads the PDF with
// poppler or qpdf, the way someone checking the output by hand would.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type BuildReport, build } from '../../scripts/pipeline/build.ts';
import { pdfFonts, pdfInfo, pdfOutline, pdfPages } from '../helpers/pdf.ts';
import { fixtures, sampleContent, tempDir, templatesDir } from '../helpers/project.ts';

interface Case {
  readonly name: string;
  readonly content: string;
  readonly slug: string;
  readonly paper: 'A4' | 'Letter';
  readonly organization: string;
  readonly shortTitle: string;
  readonly author: string;
  readonly keywords: string;
  readonly date: string;
  readonly footer: (n: number, m: number) => string;
  readonly minPages: number;
  /** Set while this case builds. */
  readonly epoch?: string;
}

const english = (n: number, m: number) => `Page ${n} of ${m}`;
const sample: Case = {
  name: 'sample',
  content: sampleContent,
  slug: '2023-04-04-hayashi-stoltenberg',
  paper: 'A4',
  organization: 'Ministry of Foreign Affairs of Japan',
  shortTitle: 'Hayashi–Stoltenberg meeting',
  author: 'Ministry of Foreign Affairs of Japan',
  keywords: 'NATO, Belgium, Ukraine, Indo-Pacific, North Atlantic Treaty Organization (NATO)',
  date: '2023-04-04T17:10:00Z', // 19:10 in Brussels
  footer: english,
  minPages: 1,
};
const long: Case = {
  name: 'long document',
  content: path.join(fixtures, 'long-document'),
  slug: '2025-01-20-port-statistics-2024',
  paper: 'A4',
  organization: 'Northport Harbour Authority',
  shortTitle: 'Port statistics 2024 and Development Plan',
  author: 'Northport Harbour Authority, Press Office',
  keywords: 'statistics, cargo, containers, investment, environment, Annual statistics',
  date: '2025-01-20T12:00:00Z',
  footer: english,
  minPages: 8,
};
const japanese: Case = {
  name: 'Japanese release',
  content: path.join(fixtures, 'japanese'),
  slug: '2023-04-05-hayashi-stoltenberg-ja',
  paper: 'A4',
  organization: '外務省',
  shortTitle: '日NATO外相会談',
  author: '外務省',
  keywords: 'NATO, ベルギー, ウクライナ, インド太平洋, 北大西洋条約機構（NATO）',
  date: '2023-04-05T12:00:00Z',
  footer: (n, m) => `ページ ${n} / ${m}`,
  minPages: 2,
};
// The sample again, with `paper: letter` and a `base_url` in its site config and SOURCE_DATE_EPOCH set.
const letter: Case = {
  ...sample,
  name: 'Letter variant of the sample',
  content: letterVariant(),
  paper: 'Letter',
  epoch: '1700000000',
  date: '2023-11-14T22:13:20Z',
};
const cases = [sample, long, japanese, letter];

function letterVariant(): string {
  const dir = tempDir('briefing-letter-');
  cpSync(sampleContent, dir, { recursive: true });
  const site = path.join(dir, 'site.yml');
  writeFileSync(site, `${readFileSync(site, 'utf8').replace(/^paper: a4$/m, 'paper: letter')}base_url: https://press.example.org/mofa/\n`);
  return dir;
}

const outs = new Map<Case, string>();
const reports = new Map<Case, BuildReport>();
let longAgain = '';

async function buildInto(content: string, epoch?: string): Promise<{ out: string; report: BuildReport }> {
  const out = tempDir('briefing-print-');
  const saved = process.env.SOURCE_DATE_EPOCH;
  if (epoch) process.env.SOURCE_DATE_EPOCH = epoch;
  else delete process.env.SOURCE_DATE_EPOCH;
  try {
    // Two pages at once: the machine running the tests is shared.
    const report = await build({ contentDir: content, outDir: out, templatesDir, concurrency: 2 });
    return { out, report };
  } finally {
    if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH;
    else process.env.SOURCE_DATE_EPOCH = saved;
  }
}

beforeAll(async () => {
  for (const c of cases) {
    const { out, report } = await buildInto(c.content, c.epoch);
    outs.set(c, out);
    reports.set(c, report);
  }
  longAgain = (await buildInto(long.content)).out;
}, 600_000);

const pdfOf = (c: Case, slug = c.slug) => path.join(outs.get(c) ?? '', `${slug}.pdf`);
const htmlOf = (c: Case) => readFileSync(path.join(outs.get(c) ?? '', `${c.slug}.html`), 'utf8');
const squash = (text: string) => text.replace(/\s+/g, '');

/** Heading texts of the built HTML, in order: what the outline and the page breaks are checked against. */
function headings(html: string): string[] {
  return [...html.matchAll(/<h[1-6]\b[^>]*>([\s\S]*?)<\/h[1-6]>/g)].map((m) => decodeHtml((m[1] ?? '').replace(/<[^>]+>/g, '')).trim());
}

function decodeHtml(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_m, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_m, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Page size in points, from pdfinfo. */
function pageSize(file: string): [number, number] {
  const match = /^([\d.]+) x ([\d.]+) pts/.exec(pdfInfo(file)['Page size'] ?? '');
  return [Number(match?.[1]), Number(match?.[2])];
}

/** The catalog, the named destinations and the page objects, from qpdf's JSON view. */
function pdfObjects(file: string) {
  const json = JSON.parse(execFileSync('qpdf', ['--json', '--json-key=qpdf', '--json-key=pages', file], { encoding: 'utf8' })) as {
    qpdf: [unknown, Record<string, { value: Record<string, unknown> }>];
    pages: Array<{ object: string }>;
  };
  const objects = json.qpdf[1];
  const value = (ref: unknown) => objects[`obj:${String(ref)}`]?.value ?? {};
  const catalog = value(objects.trailer?.value['/Root']);
  return { catalog, value, pages: json.pages.map((p) => p.object) };
}

describe.each(cases)('print quality: $name', (c) => {
  it(`is ${c.paper}, tagged, with the document's language`, () => {
    const [width, height] = pageSize(pdfOf(c));
    // Chrome rounds A4 to whole pixels: 594.96 x 841.92 pt.
    const [w, h] = c.paper === 'A4' ? [595.28, 841.89] : [612, 792];
    expect(Math.abs(width - w)).toBeLessThan(1);
    expect(Math.abs(height - h)).toBeLessThan(1);
    expect(pdfInfo(pdfOf(c)).Tagged).toBe('yes');
    expect(pdfObjects(pdfOf(c)).catalog['/Lang']).toBe(c === japanese ? 'u:ja' : 'u:en');
  });

  it('carries the metadata from the front matter', () => {
    const info = pdfInfo(pdfOf(c));
    const title = headings(htmlOf(c))[0];
    expect(info.Title).toBe(title);
    expect(info.Author).toBe(c.author);
    expect(info.Subject?.length).toBeGreaterThan(20);
    expect(info.Keywords).toBe(c.keywords);
    expect(info.Creator).toMatch(/^Briefing Press \d+\.\d+\.\d+$/);
    const dates = execFileSync('pdfinfo', ['-isodates', pdfOf(c)], { encoding: 'utf8' });
    expect(dates).toMatch(new RegExp(`^CreationDate:\\s+${c.date.replace('Z', '(Z|\\+00(:00)?)')}$`, 'm'));
    expect(dates).toMatch(new RegExp(`^ModDate:\\s+${c.date.replace('Z', '(Z|\\+00(:00)?)')}$`, 'm'));
  });

  it('embeds every font, all of them bundled, and the build reports no fallback', () => {
    const fonts = pdfFonts(pdfOf(c));
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) {
      expect(font, font.name).toMatchObject({ embedded: true, subset: true });
      expect(font.name.replace(/^[A-Z]{6}\+/, '')).toMatch(/^(SourceSerif4|SourceSans3|NotoSerifJP|NotoSansJP)/);
    }
    const rules = reports.get(c)?.documents.flatMap((d) => d.file.messages.map((m) => m.ruleId)) ?? ['no report'];
    expect(rules).not.toContain('font-fallback');
    expect(reports.get(c)?.failed).toBe(0);
  });

  it('has "Page N of M" on every page and the running header on every page but the first', () => {
    const pages = pdfPages(pdfOf(c));
    expect(pages.length).toBeGreaterThanOrEqual(c.minPages);
    pages.forEach((text, i) => {
      expect(text, `page ${i + 1}`).toContain(c.footer(i + 1, pages.length));
      if (i === 0) {
        // The letterhead names the organisation; the running header's short title is absent.
        expect(text).toContain(c.organization);
        expect(text).not.toContain(c.shortTitle);
      } else {
        expect(text, `page ${i + 1}`).toContain(c.organization);
        expect(text, `page ${i + 1}`).toContain(c.shortTitle);
      }
    });
  });

  it('ends no page with a heading', () => {
    const pages = pdfPages(pdfOf(c));
    const heads = headings(htmlOf(c)).map(squash);
    pages.slice(0, -1).forEach((text, i) => {
      const body = text
        .split('\n')
        .filter((line) => {
          const l = line.trim();
          return l !== c.footer(i + 1, pages.length) && l !== c.organization && l !== c.shortTitle;
        })
        .join('');
      for (const heading of heads) expect(squash(body).endsWith(heading), `page ${i + 1} ends with "${heading}"`).toBe(false);
    });
  });

  it('has a bookmark for every heading, spelled as in the document', () => {
    expect(pdfOutline(pdfOf(c))).toEqual(headings(htmlOf(c)));
  });
});

describe('print quality: long document', () => {
  it('repeats the header row of a table on the pages it continues on', () => {
    const pages = pdfPages(pdfOf(long));
    const withRows = pages.filter((text) => /\n[A-H]\d\d\n/.test(text));
    expect(withRows.length).toBeGreaterThanOrEqual(2);
    // pdftotext reads the wrapped "Budget (EUR m)" cell after the others.
    for (const text of withRows) expect(text).toMatch(/Ref\.\s+Area\s+Work\s+Start\s+End\s[\s\S]*Budget\s[\s\S]*Status/);
  });

  it('sends each footnote link to the page that holds the footnote', () => {
    const { catalog, value, pages } = pdfObjects(pdfOf(long));
    const dests = value(catalog['/Dests']) as Record<string, [string, ...unknown[]]>;
    const pageTexts = pdfPages(pdfOf(long)).map(squash);
    const notes = [...htmlOf(long).matchAll(/<li id="(fn-[^"]+)">\s*<p>([^<]{20,60})/g)];
    expect(notes.length).toBe(6);
    for (const [, id, text] of notes) {
      const page = pages.indexOf(dests[`/${id}`]?.[0] ?? '');
      expect(page, id).toBeGreaterThanOrEqual(0);
      expect(pageTexts[page], id).toContain(squash(decodeHtml(text ?? '').slice(0, 30)));
    }
  });

  it('keeps external links clickable and shows their target in print', () => {
    const bytes = readFileSync(pdfOf(long)).toString('latin1');
    expect(bytes).toContain('/URI (https://www.northport-harbour.example/plan-2030/consultation)');
    expect(squash(pdfPages(pdfOf(long)).join(''))).toContain(
      squash('consultation report <https://www.northport-harbour.example/plan-2030/consultation>'),
    );
  });

  it("points links to the site's own pages next to the PDF, not at the print origin", () => {
    const bytes = readFileSync(pdfOf(long)).toString('latin1');
    expect(bytes).not.toContain('briefing.invalid');
    expect(bytes).toContain('/URI (index.html)');
    expect(bytes).toContain('/URI (categories/annual-statistics.html)');
  });

  it('prints a document with `paper: letter` on Letter while the site is A4', () => {
    expect(pageSize(pdfOf(long, '2025-01-22-media-advisory-new-york'))).toEqual([612, 792]);
  });

  it('gives the same bytes when built twice: HTML, PDF, listing and assets', () => {
    const hashes = (dir: string) =>
      Object.fromEntries(
        (readdirSync(dir, { recursive: true, withFileTypes: true }) as Array<{ isFile(): boolean; name: string; parentPath: string }>)
          .filter((e) => e.isFile())
          .map((e) => {
            const file = path.join(e.parentPath, e.name);
            return [path.relative(dir, file), createHash('sha256').update(readFileSync(file)).digest('hex')];
          }),
      );
    const first = hashes(outs.get(long) ?? '');
    expect(Object.keys(first)).toContain(`${long.slug}.pdf`);
    expect(hashes(longAgain)).toEqual(first);
  });
});

describe('print quality: Japanese release', () => {
  it('is set in the bundled Noto faces, serif for text and sans for headings', () => {
    const names = pdfFonts(pdfOf(japanese)).map((f) => f.name.replace(/^[A-Z]{6}\+/, ''));
    expect(names.some((n) => n.startsWith('NotoSerifJP'))).toBe(true);
    expect(names.some((n) => n.startsWith('NotoSansJP'))).toBe(true);
  });

  it('extracts to the same characters as the source', () => {
    const source = readFileSync(path.join(japanese.content, `${japanese.slug}.md`), 'utf8').split(/^---$/m)[2] ?? '';
    // The print stylesheet adds link targets after links: take them out.
    const text = squash(pdfPages(pdfOf(japanese)).join('')).replace(/<https?:[^>]+>/g, '');
    const lines = source
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('| ---'))
      .flatMap((line) => (line.startsWith('|') ? line.split('|') : [line]))
      .map((line) =>
        line
          .replace(/^\s*(#+|[-*>]|\d+\.|\[\^\w+\]:)\s*/, '')
          .replace(/\[\^\w+\]/g, '')
          .replace(/\[([^\]]+)\]\([^)]+\)/g, '$1'),
      )
      .map(squash)
      .filter(Boolean);
    expect(lines.length).toBeGreaterThan(15);
    for (const line of lines) expect(text, line).toContain(line);
  });
});

describe('print quality: Letter variant', () => {
  it("points links to the site's own pages at its base_url", () => {
    const bytes = readFileSync(pdfOf(letter)).toString('latin1');
    expect(bytes).not.toContain('briefing.invalid');
    expect(bytes).toContain('/URI (https://press.example.org/mofa/index.html)');
  });
});
