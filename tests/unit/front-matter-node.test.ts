// Loading reads a release's front matter from a parse of its first lines only
// (markdown/front-matter-node.ts); the whole release is parsed later, when it is
// built. Both must see the same front matter: the same node, value and position,
// or none at all. Random texts made of the pieces that decide it (fences, spaces,
// tabs, the three line endings, NUL, look-alike lines) are read both ways.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { frontMatterNode } from '../../scripts/pipeline/markdown/front-matter-node.ts';
import { parseMarkdown } from '../../scripts/pipeline/markdown/parse-markdown.ts';

function fromFullParse(text: string) {
  const first = parseMarkdown(text).children[0];
  return first?.type === 'yaml' ? first : undefined;
}

describe('front matter read from the first lines alone', () => {
  it('is the node a full parse gives, for the usual shapes', () => {
    const texts = [
      '---\ntitle: A\ndate: 2024-01-02\n---\n\nBody\n',
      '---\r\ntitle: A\r\n---\r\nBody',
      '---\rtitle: A\r---\rBody',
      '--- \t\ntitle: A\n---  \n# Heading\n---\nmore\n',
      '---\n---\n',
      '---\n---',
      '---\ntitle: A\n',
      '----\ntitle: A\n----\n',
      '---x\ntitle: A\n---\n',
      ' ---\ntitle: A\n---\n',
      '---\ntitle: "a\u0000b"\n ---\n---\n',
      'Body\n---\ntitle: A\n---\n',
      '',
    ];
    const found = texts.map((text) => frontMatterNode(text));
    expect(found.map((node) => node?.value)).toEqual([
      'title: A\ndate: 2024-01-02',
      'title: A',
      'title: A',
      'title: A',
      '',
      '',
      undefined,
      undefined,
      undefined,
      undefined,
      'title: "a\uFFFDb"\n ---',
      undefined,
      undefined,
    ]);
    expect(found).toEqual(texts.map(fromFullParse));
  });

  it('is the node a full parse gives, on random texts', () => {
    const pieces = ['---', '-', ' ', '\t', '\n', '\r', '\r\n', 'title: A', '#', '\u0000', '***', '```', '> ', '===', '- a'];
    fc.assert(
      // Most start as front matter does, so the closing fence is what varies.
      fc.property(
        fc.constantFrom('---\n', '---\r\n', '--- \t\r', '---', ''),
        fc.array(fc.constantFrom(...pieces), { maxLength: 30 }),
        (start, parts) => {
          const text = start + parts.join('');
          expect(frontMatterNode(text)).toEqual(fromFullParse(text));
        },
      ),
      { numRuns: Number(process.env.BRIEFING_PROPERTY_RUNS ?? 2000) },
    );
  });
});
