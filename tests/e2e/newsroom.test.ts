// A press office's release (issue 11), built from tests/fixtures/newsroom with
// the CLI as a user runs it: one instant for the meeting (dateline, PDF
// CreationDate, feed), an embargo decided by `--now` before and after, English
// and Japanese versions linked with hreflang, 外務省 in the Japanese letterhead,
// base_url's canonical link, Open Graph and JSON-LD, and page numbers on every
// page, a Japanese running head whose kanji appear nowhere else included.
import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pdfPages } from '../helpers/pdf.ts';
import { fixtures, runBuild, tempDir } from '../helpers/project.ts';

const embargoed = '2099-05-08-embargoed-statement';
// The embargo lifts at 10:00 in Brussels (CEST): 08:00 UTC.
const before = '2099-05-08T07:59Z';
const after = '2099-05-08T08:00Z';

let content = '';
let out = '';
const read = (file: string) => readFileSync(path.join(out, file), 'utf8');
const pdfsIn = (dir: string) =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.pdf'))
    .sort();

function build(now: string): void {
  const result = runBuild(['--content', content, '--out', out, '--keep-browser', '0', '--now', now]);
  expect(result.stderr).not.toMatch(/error/i);
  expect(result.status).toBe(0);
}

beforeAll(() => {
  content = tempDir('briefing-newsroom-');
  cpSync(path.join(fixtures, 'newsroom'), content, { recursive: true });
  out = tempDir('briefing-newsroom-out-');
  build(before);
});

describe('the meeting as one timestamp', () => {
  it('is dated April 4 in Brussels and stamped 17:10 UTC in the PDF and the feed', () => {
    expect(read('2023-04-04-meeting.html')).toMatch(/<p class="release-dateline"><time datetime="2023-04-04T17:10:00Z">April 4, 2023/);
    const info = execFileSync('pdfinfo', ['-isodates', path.join(out, '2023-04-04-meeting.pdf')], { encoding: 'utf8' });
    expect(info).toMatch(/CreationDate:\s+2023-04-04T17:10:00Z/);
    // `updated: 2023-04-06T10:00` in Brussels: the correction is the ModDate and the feed's <updated>.
    expect(info).toMatch(/ModDate:\s+2023-04-06T08:00:00Z/);
    expect(read('feed.xml')).toContain('<published>2023-04-04T17:10:00Z</published>\n    <updated>2023-04-06T08:00:00Z</updated>');
    expect(read('2023-04-04-meeting.html')).toContain('Updated April 6, 2023');
  });
});

describe('an embargoed release', () => {
  it('before the embargo: carries the banner on every PDF page and in the HTML, and is listed nowhere', () => {
    expect(read(`${embargoed}.html`)).toContain('Embargoed until May 8, 2099');
    const pages = pdfPages(path.join(out, `${embargoed}.pdf`));
    expect(pages.length).toBeGreaterThan(0);
    for (const page of pages) expect(page).toContain('Embargoed until');
    for (const listing of ['index.html', 'feed.xml', 'categories/nato.html', 'packs/mixed.html']) {
      expect(read(listing), listing).toContain('2023-04-04-meeting');
      expect(read(listing), listing).not.toContain(embargoed);
    }
  });

  it('after it: the next build drops the banner, lists it and reprints the PDF', () => {
    const held = readFileSync(path.join(out, `${embargoed}.pdf`));
    build(after);
    expect(read(`${embargoed}.html`)).not.toContain('Embargoed');
    for (const page of pdfPages(path.join(out, `${embargoed}.pdf`))) expect(page).not.toContain('Embargoed');
    expect(readFileSync(path.join(out, `${embargoed}.pdf`)).equals(held)).toBe(false);
    for (const listing of ['index.html', 'feed.xml', 'categories/nato.html']) expect(read(listing), listing).toContain(embargoed);
    // The statement is labelled as one in the letterhead and the listing.
    expect(read(`${embargoed}.html`)).toContain('<p class="letterhead-kind">Statement</p>');
    expect(read('index.html')).toContain('Statement');
  });
});

describe('language versions', () => {
  it('link each other with hreflang, and the Japanese letterhead reads 外務省', () => {
    const en = read('2023-04-04-meeting.html');
    const ja = read('2023-04-05-meeting-ja.html');
    expect(en).toContain('<link rel="alternate" hreflang="ja" href="2023-04-05-meeting-ja.html">');
    expect(en).toContain('hreflang="ja" lang="ja">日本語</a>');
    expect(ja).toContain('<link rel="alternate" hreflang="en" href="2023-04-04-meeting.html">');
    expect(ja).toContain('hreflang="en" lang="en">English</a>');
    expect(ja).toContain('<p class="letterhead-org"><a href="index.html">外務省</a></p>');
    expect(pdfPages(path.join(out, '2023-04-05-meeting-ja.pdf'))[0]).toContain('外務省');
    expect(pdfPages(path.join(out, '2023-04-04-meeting.pdf'))[0]).toContain('Ministry of Foreign Affairs of Japan');
  });
});

describe("site.yml's contact, about and end mark", () => {
  it('print after the body of every release, in its language', () => {
    const en = read('2023-04-04-meeting.html');
    expect(en).toContain('<p class="release-end-mark">###</p>');
    expect(en).toContain('<h2 id="contact-heading">Media contact</h2>');
    expect(en).toContain('<a href="mailto:press@example.org">press@example.org</a>');
    expect(en).toContain('<h2 id="about-heading">About Ministry of Foreign Affairs of Japan</h2>');
    expect(read('2023-04-05-meeting-ja.html')).toContain('<h2 id="about-heading">外務省について</h2>');
    const printed = pdfPages(path.join(out, '2023-04-04-meeting.pdf')).join('\n');
    expect(printed).toContain('###');
    expect(printed).toContain('press@example.org');
    expect(printed).toContain('Updated April 6, 2023');
  });
});

describe('with base_url', () => {
  it('every release page has a canonical link, og:title and a NewsArticle as JSON-LD', () => {
    const pages = readdirSync(out).filter((f) => f.endsWith('.html') && f !== 'index.html');
    expect(pages).toHaveLength(3);
    for (const page of pages) {
      const html = read(page);
      expect(html).toContain(`<link rel="canonical" href="https://press.example.org/${page}">`);
      expect(html).toMatch(/<meta property="og:title" content="[^"]+">/);
      const json = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)?.[1] ?? '';
      const article = JSON.parse(json) as Record<string, unknown>;
      expect(article['@type']).toBe('NewsArticle');
      expect(article.url).toBe(`https://press.example.org/${page}`);
      expect(article.publisher).toEqual({
        '@type': 'Organization',
        name: page.endsWith('-ja.html') ? '外務省' : 'Ministry of Foreign Affairs of Japan',
      });
      // Data, not script: the policy still forbids every script.
      expect(html).toContain("script-src 'none'");
    }
    const meeting = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(read('2023-04-04-meeting.html'))?.[1] ?? '{}');
    expect(meeting).toMatchObject({ datePublished: '2023-04-04T17:10:00Z', dateModified: '2023-04-06T08:00:00Z', inLanguage: 'en' });
  });
});

describe('margin boxes', () => {
  it('every page of every release PDF, and every page after the pack cover, has its page number', () => {
    const files = pdfsIn(out);
    expect(files).toContain(path.join('packs', 'mixed.pdf'));
    for (const file of files) {
      const pages = pdfPages(path.join(out, file));
      // A pack's cover carries no margin boxes by design (pack-page-rules.liquid); its count starts there.
      const numbered = file.startsWith('packs') ? pages.slice(1) : pages;
      numbered.forEach((text, index) => {
        const n = file.startsWith('packs') ? index + 2 : index + 1;
        expect(text, `${file} page ${n}`).toMatch(new RegExp(`(Page ${n} of ${pages.length}|ページ ${n} / ${pages.length})`));
      });
    }
  });

  it('prints the Japanese running head whose kanji appear nowhere else, in the release and in the English pack', () => {
    const release = pdfPages(path.join(out, '2023-04-05-meeting-ja.pdf'));
    expect(release.length).toBeGreaterThan(1);
    for (const page of release.slice(1)) expect(page).toContain('鬱蒼');
    const pack = pdfPages(path.join(out, 'packs/mixed.pdf'));
    expect(pack.filter((page) => page.includes('鬱蒼')).length).toBeGreaterThan(0);
  });
});
