import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkSmartypants from 'remark-smartypants';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { renderMarkdown } from '../../scripts/pipeline/markdown/markdown.ts';
import { parseMarkdown } from '../../scripts/pipeline/markdown/parse-markdown.ts';
import { smartQuotes } from '../../scripts/pipeline/markdown/smart-quotes.ts';
import { siteSchema } from '../../scripts/pipeline/schema/config.ts';
import { fixtures, sampleContent, tempDir } from '../helpers/project.ts';

const dir = tempDir('briefing-quotes-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function render(markdown: string, smartQuotes: boolean): string {
  const file = new VFile({ path: path.join(dir, 'doc.md'), value: markdown });
  return renderMarkdown(parseMarkdown(file), file, { contentDir: dir, outputPath: 'doc.html', lang: 'en', smartQuotes }).html;
}

const source = 'The minister said "it\'s time" -- twice...\n\nRun `say "hi" -- now`:\n\n```\necho "it\'s" --flag\n```\n';

describe('smart_quotes', () => {
  it('is on by default in site.yml', () => {
    expect(siteSchema.parse({}).smart_quotes).toBe(true);
  });

  it('sets typographic quotes, apostrophes and dashes in text, never inside code', () => {
    const html = render(source, true);
    expect(html).toContain('The minister said “it’s time” – twice…');
    expect(html).toContain('<code>say "hi" -- now</code>');
    expect(html).toContain('echo "it\'s" --flag');
  });

  it('leaves the text as written when off', () => {
    expect(render(source, false)).toContain('The minister said "it\'s time" -- twice...');
  });

  it('runs retext only on text it can change: once over a release with quotes and no dashes, not once more per text', () => {
    const body = Array.from({ length: 20 }, (_, i) => `The minister's **view** on [item ${i}](https://example.org) was "clear".`).join(
      '\n\n',
    );
    // The page's own processor runs once, the quotes pass once; remark-smartypants also ran retext once more per text.
    const processor = Object.getPrototypeOf(unified());
    const runs = vi.spyOn(processor, 'runSync');
    const processes = vi.spyOn(processor, 'processSync');
    try {
      expect(render(body, true)).toContain('The minister’s <strong>view</strong>');
      expect(runs.mock.calls.length + processes.mock.calls.length).toBe(2);
    } finally {
      runs.mockRestore();
      processes.mockRestore();
    }
  });
});

// markdown/smart-quotes.ts skips text no rule can change; the pages must stay
// byte for byte what remark-smartypants 3.0.2 made of them.
describe('smart_quotes as remark-smartypants set them', () => {
  const parser = () => unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm);
  const ours = (markdown: string) => {
    const processor = parser().use(smartQuotes, { dashes: 'oldschool' });
    return processor.runSync(processor.parse(markdown));
  };
  const theirs = (markdown: string) => {
    const processor = parser().use(remarkSmartypants, { dashes: 'oldschool' });
    return processor.runSync(processor.parse(markdown));
  };

  it('in every release and fixture of the project', () => {
    const files = [sampleContent, fixtures].flatMap((dir) =>
      readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .filter((name) => name.endsWith('.md'))
        .map((name) => path.join(dir, name)),
    );
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const markdown = readFileSync(file, 'utf8');
      expect(ours(markdown), file).toEqual(theirs(markdown));
    }
  });

  it('in text made of quotes, dashes, dots, backticks, code and emphasis', () => {
    const pieces = [
      '"',
      "'",
      '-',
      '--',
      '–',
      '.',
      '. ',
      '...',
      '`',
      '``',
      "''",
      ' ',
      '\n',
      '\n\n',
      'a',
      'word',
      '**',
      '_',
      '[x](y)',
      '`c`',
      'é',
      '1',
    ];
    agreeOnTextsOf(pieces, 40, 200);
  });

  // The quotes pass is shown only the words around each quote (smart-quotes.ts):
  // sentences that split and merge (capitals, marks, initialisms, decades) must
  // come out as when it walked them whole.
  it('in sentences: capitals, marks, possessives, decades, initialisms', () => {
    const pieces = [
      '"',
      "'",
      ' ',
      '. ',
      '? ',
      '! ',
      ', ',
      'The',
      'He said',
      'it',
      's',
      "'s",
      '80s',
      "'80s",
      'Mr.',
      'U.S.',
      'NATO',
      '(',
      ')',
      ':',
      '\n',
      '\n\n',
      '*',
      '`c`',
      '--',
    ];
    agreeOnTextsOf(pieces, 60, 300);
  });

  // Text whose only quotes are apostrophes after a letter or digit skips the
  // natural-language parse (smart-quotes.ts): each must still come out as the
  // full pass sets it, next to marks, digits, other scripts, code and emphasis.
  it('in text whose quotes are apostrophes, and in text that only looks so', () => {
    for (const text of [
      "NATO's view",
      "Ministers' Meeting",
      "it's.",
      "5' wide",
      "a''",
      "x''y",
      'x\'"y',
      'x\'" y',
      "é's",
      "日本's",
      "('s)",
    ]) {
      expect(ours(text), text).toEqual(theirs(text));
    }
    // Every `'` after a letter or digit: the fast way, unless a near-miss (`''`, `'"`) joins in.
    const pieces = [
      "NATO's",
      "Ministers'",
      "don't",
      "5'",
      "it's.",
      "a'-",
      "b')",
      "x''",
      'y\'"',
      ' ',
      '\n\n',
      'Word',
      '.',
      '(',
      ')',
      '--',
      '*',
      '`c`',
      'é',
      '日本',
      '1',
      '_',
    ];
    agreeOnTextsOf(pieces, 30, 400);
  });

  /** Ours and remark-smartypants agree on texts of up to `length` pieces (BRIEFING_PROPERTY_RUNS runs more). */
  function agreeOnTextsOf(pieces: readonly string[], length: number, runs: number): void {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: length }), (parts) => {
        const markdown = parts.join('');
        expect(ours(markdown)).toEqual(theirs(markdown));
      }),
      { numRuns: Number(process.env.BRIEFING_PROPERTY_RUNS ?? runs) },
    );
  }
});
