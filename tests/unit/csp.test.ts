// The page policy is found and changed by a real parse, and nothing else in
// the page moves: the print copy and the dev server's copy differ from the
// file on disk only in that one tag.
import fc from 'fast-check';
import { type DefaultTreeAdapterTypes, parse } from 'parse5';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, inspectPolicy } from '../../scripts/pipeline/render/csp.ts';
import { rewritePolicyMeta, withoutPolicyMeta } from '../../scripts/pipeline/render/policy-meta.ts';

const policy = contentSecurityPolicy(['p{}']);
const page = (meta: string) =>
  `<!doctype html>\n<html><head>\n<meta charset="utf-8">${meta}\n<title>a "<meta http-equiv=Content-Security-Policy>" title</title><style>p{}</style></head><body><p>x</p></body></html>`;

describe('page policy', () => {
  it('is what the styles need, found in <head> only', () => {
    const html = page(`<META HTTP-EQUIV="content-security-policy" content="${policy}">`);
    expect(inspectPolicy(html)).toEqual({ needed: policy, declared: [policy] });
    expect(inspectPolicy(page('')).declared).toEqual([]);
  });

  it('is removed for printing, leaving every other byte', () => {
    expect(withoutPolicyMeta(page(`<meta http-equiv="Content-Security-Policy" content="${policy}">`))).toBe(page(''));
    expect(withoutPolicyMeta(page(''))).toBe(page(''));
  });

  it('is rewritten in place', () => {
    const html = page(`<meta http-equiv="Content-Security-Policy" content="${policy}">`);
    const changed = rewritePolicyMeta(html, (p) => `${p}; connect-src 'self'`);
    expect(changed).toBe(page(`<meta http-equiv="Content-Security-Policy" content="${policy}; connect-src 'self'">`));
  });
});

/** The policy a full parse of `html` gives: every <style> element's text, as parse5 reads it. */
function fromFullParse(html: string): string {
  const styles: string[] = [];
  const walk = (node: DefaultTreeAdapterTypes.Node) => {
    if ('tagName' in node && node.tagName === 'style') {
      styles.push(node.childNodes.map((c) => ('value' in c && c.nodeName === '#text' ? c.value : '')).join(''));
    }
    const children = 'content' in node ? node.content.childNodes : 'childNodes' in node ? node.childNodes : [];
    for (const child of children) walk(child);
  };
  walk(parse(html));
  return contentSecurityPolicy(styles);
}

// The stylesheet's text is cut out before parsing (csp.ts, parseForPolicy): the
// policy must still be what a parse of the whole page gives, wherever `<style`
// stands (comment, title, attribute, script, SVG, template) and however its text
// reads (line endings, NUL, look-alike end tags, none at all).
describe('page policy read with the stylesheets cut out', () => {
  const pieces = [
    '<style>p{color:red}</style>',
    '<STYLE media="print">h1{}</STYLE >',
    '<style/>a{}</style/>',
    '<style\tmedia=x>b{}\r\nc{}\r</style\n>',
    '<style>d{}\u0000e{} </styles> </style>',
    '<style>',
    '</style>',
    '<!-- <style>f{}</style> -->',
    '<title><style>g{}</style></title>',
    '<textarea><style>h{}</style></textarea>',
    '<div title="<style>i{}</style>">',
    '<div title="a>b"><style title="x>y">j{}</style>',
    '<script><!--<style>k{}</style>--></script>',
    '<svg><style>l{}&amp;<b>m</b></style></svg>',
    '<math><style>n{}</style></math>',
    '<template><style>o{}</style></template>',
    '<noscript><style>q{}</style></noscript>',
    '<![CDATA[<style>r{}</style>]]>',
    '<p>',
    '</p>',
    '<body>',
    '</head>',
    '<head>',
    '\r',
    '\u0000',
    'text',
  ];

  it('is what a full parse gives, for the usual shapes and the tricky ones', () => {
    const page = '<!doctype html><html><head><meta charset="utf-8"><style>p{}</style></head><body><p>x</p></body></html>';
    expect(inspectPolicy(page).needed).toBe(fromFullParse(page));
    for (const piece of pieces) {
      const html = `<!doctype html><html><head><style>a{}</style>${piece}</head><body>${piece}<p>y</p>${piece}</body></html>`;
      expect(inspectPolicy(html).needed, JSON.stringify(piece)).toBe(fromFullParse(html));
    }
  });

  it('is what a full parse gives, for random pages made of those pieces', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 24 }), (parts) => {
        const html = parts.join('');
        expect(inspectPolicy(html).needed).toBe(fromFullParse(html));
      }),
      { numRuns: Number(process.env.BRIEFING_PROPERTY_RUNS ?? 2000) },
    );
  });
});
