// A release is parsed without the GFM steps its text has no mark for
// (markdown/parse-markdown.ts): the tree must be the one the full GFM parser
// gives. Random texts made of near-misses of the marks (`ww.`, `http:/`, a
// lone `www`, tables without a pipe, delimiter rows in quotes and lists, thematic
// breaks), character references that decode to a
// mark, the marks themselves, and the Markdown around them (emphasis,
// strikethrough, links, footnotes, tables, code, HTML) are parsed both ways.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { markedSteps, parseMarkdown, parserWithout } from '../../scripts/pipeline/markdown/parse-markdown.ts';

const full = (text: string) => parserWithout([]).parse(text);

const pieces = [
  'word',
  'Word',
  ' ',
  '\n',
  '\n\n',
  '\t',
  'a_b_c',
  '_em_',
  '*em*',
  '**strong**',
  '~~gone~~',
  '~x~',
  'x+y',
  'a.b',
  'a-b',
  '.',
  ',',
  '(',
  ')',
  '[',
  ']',
  '<',
  '>',
  '&',
  '\\',
  '`code`',
  '```\nfenced\n```\n',
  '[link](https://example.org/a_b)',
  '[^1]',
  '\n\n[^1]: A note.\n',
  '| a | b |\n| --- | --- |\n| 1 | 2 |\n',
  '- [ ] task\n',
  '# Heading\n',
  '> quote\n',
  '<span>raw</span>',
  '<https://example.org>',
  'ww.',
  'www',
  'WwW',
  'http:/',
  'https:',
  'HTTP',
  'mailto:',
  'h',
  'w',
  '@',
  'www.',
  'WWW.',
  'http://',
  'HTTPS://',
  'press@example.org',
  'www.example.org/path_(x)',
  'https://example.org.',
  '---',
  ':--',
  '--:',
  ':-:',
  '-',
  'a',
  'b',
  '\n---\n',
  '\n:-\n',
  '|',
  '\\|',
  '&#124;',
  ' | ',
  '&#64;',
  '&#x40;',
  '&commat;',
  'press&#64;example.org',
  '&#119;ww.example.org',
  'www&#46;example.org',
  'http&#58;//example.org',
  'R&D',
  '&amp;',
  // Delimiter rows and their near-misses, in quotes and list items.
  '\n> :-\n',
  '\n> a | b\n> --- | ---\n',
  '\n- a\n  :--\n',
  '\n1. a\n   | - |\n',
  '\n\t-:\n',
  '\n    :-\n',
  '\n- :\n',
  '\n--|--\n',
  '\n- - -\n',
  '\n===\n',
  ':',
  '>',
  '\u2028',
  '\r',
  '\r\n',
];

describe('Markdown parsed without the GFM steps its text has no mark for', () => {
  it('needs a mark for each, and the usual press release has none', () => {
    expect(markedSteps.map((c) => c.name)).toEqual([
      'emailAutolink',
      'wwwAutolink',
      'protocolAutolink',
      'literalAutolinkTransform',
      'table',
    ]);
    const release = 'Foreign Minister Hayashi met NATO Secretary General Stoltenberg.\n\n1. Cooperation_in_cyber *defence*.\n\n---\n';
    expect(markedSteps.filter((step) => step.mark.test(release))).toEqual([]);
    expect(parserWithout(markedSteps.map((c) => c.name))).not.toBe(parserWithout([]));
    expect(parseMarkdown(release)).toEqual(full(release));
  });

  it('still links every literal autolink a text holds', () => {
    const text = 'Write to press@example.org, see www.example.org or https://example.org/a.';
    const links = JSON.stringify(parseMarkdown(text)).match(/"type":"link"/g) ?? [];
    expect(links).toHaveLength(3);
    expect(parseMarkdown(text)).toEqual(full(text));
  });

  it('links an address spelled with a character reference', () => {
    const referenced = 'Write to press&#64;example.org.';
    expect(JSON.stringify(parseMarkdown(referenced))).toContain('"type":"link"');
    expect(parseMarkdown(referenced)).toEqual(full(referenced));
  });

  it('gives the tree the full GFM parser gives, for random texts', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        expect(parseMarkdown(text)).toEqual(full(text));
      }),
      { numRuns: Number(process.env.BRIEFING_PROPERTY_RUNS ?? 2000) },
    );
  });
});
