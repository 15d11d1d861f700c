// The SVG sanitizer: what can run or load refuses the drawing, the rest is
// written out again from the parsed tree (never the original bytes).
import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { cssRefusal } from '../../scripts/pipeline/markdown/css-refusal.ts';
import { looksLikeSvg, sanitizeSvg } from '../../scripts/pipeline/markdown/sanitize-svg.ts';

const svg = (body: string, attrs = '') =>
  `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"${attrs}>${body}</svg>`;

function refusal(text: string): string {
  const result = sanitizeSvg(text);
  if (result.ok) throw new Error(`accepted: ${result.svg}`);
  return result.problem;
}

describe('sanitizeSvg', () => {
  it('keeps a plain drawing, gradients and same-file references, and re-serializes it', () => {
    const result = sanitizeSvg(
      svg(
        '<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs>' +
          '<rect width="10" height="10" fill="url(#g)" style="fill: url(\'#g\')"/><use xlink:href="#g"/>' +
          '<image href="data:image/png;base64,AA"/><text x="1">a &amp; b</text>',
      ),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.svg).toContain('fill="url(#g)"');
    expect(result.svg).toContain('xlink:href="#g"');
    expect(result.svg).toContain('a &amp; b');
    const doc = new DOMParser().parseFromString(result.svg, 'image/svg+xml');
    expect(doc.documentElement?.namespaceURI).toBe('http://www.w3.org/2000/svg');
  });

  it('drops editor metadata and comments instead of publishing them', () => {
    const result = sanitizeSvg(
      svg('<!-- c --><i:meta xmlns:i="urn:x">secret</i:meta><rect width="1" height="1" i:foo="x" xmlns:i="urn:x"/>', ' data-x="1"'),
    );
    expect(result.ok && result.svg).toMatch(/<rect width="1" height="1"><\/rect>/);
    expect(result.ok && result.svg).not.toMatch(/secret|c -->|data-x|foo/);
  });

  it.each([
    ['script', svg('<script>alert(1)</script>'), /script/],
    ['prefixed SVG script', svg('<s:script xmlns:s="http://www.w3.org/2000/svg">alert(1)</s:script>'), /script/],
    ['XHTML script', svg('<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>'), /script/],
    ['event handler', svg('<rect onclick="x()"/>'), /event handler/],
    ['event handler on root', svg('', ' onload="x()"'), /event handler/],
    ['set href', svg('<a><set attributeName="href" to="javascript:alert(1)"/></a>'), /set.*href/],
    ['animate xlink:href', svg('<use><animate attributeName="xlink:href" values="http://x"/></use>'), /href/],
    ['xl: prefixed xlink', svg('<use xl:href="http://evil/x.svg#a" xmlns:xl="http://www.w3.org/1999/xlink"/>'), /outside itself/],
    ['external image', svg('<image href="http://127.0.0.1/x.png"/>'), /outside itself/],
    ['CSS escape url', svg('<rect style="background: \\75 rl(http://x/y)"/>'), /url/],
    ['CSS comment url', svg('<style>rect { fill: u/**/rl(http://x) }</style>'), /url/],
    ['image-set', svg('<style>rect { background: image-set("a.png" 1x) }</style>'), /image-set/],
    ['@import', svg('<style>@import "x.css";</style>'), /imports/],
    ['escaped @import', svg('<style>@\\69mport "x.css";</style>'), /imports/],
    ['presentation url', svg('<rect fill="url(http://x/#g)"/>'), /url/],
    ['prefixed foreignObject', svg('<q:foreignObject xmlns:q="http://www.w3.org/2000/svg"><p>x</p></q:foreignObject>'), /foreignObject/],
    ['entities', '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>', /DOCTYPE/],
    ['stylesheet PI', `<?xml-stylesheet href="http://x/a.css"?>${svg('')}`, /stylesheet/],
    ['not XML', '<svg><rect></svg>', /well-formed/],
    ['not SVG root', '<html xmlns="http://www.w3.org/1999/xhtml"/>', /not an SVG/],
    ['deep nesting', svg(`${'<g>'.repeat(5000)}${'</g>'.repeat(5000)}`), /deeper/],
  ])('refuses %s', (_name, text, expected) => {
    expect(refusal(text)).toMatch(expected);
  });

  it('unwraps links: the drawing stays, the link goes', () => {
    const result = sanitizeSvg(svg('<a href="javascript:alert(1)"><rect width="1"/></a>'));
    expect(result.ok && result.svg).toContain('<rect width="1"></rect>');
    expect(result.ok && result.svg).not.toMatch(/javascript|<a/);
  });

  it('sniffs SVG by content, whatever the name', () => {
    expect(looksLikeSvg('\uFEFF<?xml version="1.0"?>\n<!-- x --><svg>')).toBe(true);
    expect(looksLikeSvg('<s:svg xmlns:s="http://www.w3.org/2000/svg">')).toBe(true);
    expect(looksLikeSvg('<html><svg>')).toBe(false);
    expect(looksLikeSvg('\x89PNG')).toBe(false);
  });

  it('resolves CSS escapes and comments before looking for url()', () => {
    expect(cssRefusal('fill: url(#a)')).toBeUndefined();
    expect(cssRefusal('fill: \\000075rl(x)')).toMatch(/url/);
    expect(cssRefusal('fill: U\\52L( "x" )')).toMatch(/url/);
    expect(cssRefusal('@font-face { font-family: x }')).toMatch(/font/);
  });
});
