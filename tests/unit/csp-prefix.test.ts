// fillPolicy parses a page only up to the stand-in's meta and its last
// stylesheet (csp.ts, prefixEnd): what it returns must be what reading the
// whole page gives, wherever the meta, the stylesheets and the markup that
// changes how a parser reads on (comments, raw text, foreign content,
// templates, tables, formatting elements, a frameset that drops the body)
// stand around the point where it stops.
import fc from 'fast-check';
import * as parse5 from 'parse5';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { contentSecurityPolicy, fillPolicy, policyPlaceholder } from '../../scripts/pipeline/render/csp.ts';

// Every text csp.ts hands the parser, to see where it stopped reading.
vi.mock('parse5', async (original) => {
  const real = await original<typeof parse5>();
  return { ...real, parse: vi.fn(real.parse) };
});
const parsed = () => vi.mocked(parse5.parse).mock.calls.map(([html]) => html);
afterEach(() => vi.mocked(parse5.parse).mockClear());

const meta = `<meta http-equiv="Content-Security-Policy" content="${policyPlaceholder}">`;

describe('page policy filled from a parse of the page up to its policy', () => {
  const pieces = [
    meta,
    '<head>',
    '</head>',
    '<body>',
    '<style>p{color:red}</style>',
    '<STYLE media="print">h1{}</STYLE >',
    '<style>d{}\u0000e{} </styles> </style>',
    '<style>',
    '</style>',
    '<!--',
    '-->',
    '<title>',
    '</title>',
    '<template>',
    '</template>',
    '<svg>',
    '</svg>',
    '<table>',
    '<td>',
    '<a>',
    '<b>',
    '</a>',
    '<h1>',
    '<frameset>',
    '<div title="',
    '">',
    '<noscript>',
    '\r',
    'text',
  ];

  it('is what a parse of the whole page gives, for random pages', () => {
    let filled = 0;
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 16 }), fc.boolean(), (parts, doctype) => {
        const html = `${doctype ? '<!doctype html>' : ''}${parts.join('')}`;
        const result = fillPolicy(html);
        expect(result).toEqual(fillPolicy(html, true));
        if (result) filled++;
      }),
      { numRuns: Number(process.env.BRIEFING_PROPERTY_RUNS ?? 4000) },
    );
    // Pages it fills, not only pages both refuse: else the comparison proves nothing.
    expect(filled).toBeGreaterThan(50);
  });

  it('is what a parse of the whole page gives when the body drops a stylesheet before it', () => {
    // A frameset replaces the body the <style> was put in: a parse that stopped after it would hash a style the page has not.
    const html = `<!doctype html><html><head>${meta}</head><h1><style>a{}</style><frameset>`;
    expect(fillPolicy(html)).toEqual(fillPolicy(html, true));
    expect(fillPolicy(html)?.html).toContain(contentSecurityPolicy([]));
  });

  it('reads a listing-shaped page up to its stylesheet, not its long body', () => {
    const body = '<li><a href="x.html">Release</a></li>'.repeat(50);
    const html = `<!doctype html><html><head>${meta}<style>a{}</style></head><body><ul>${body}</ul></body></html>`;
    const result = fillPolicy(html);
    expect(result?.html).toContain(contentSecurityPolicy(['a{}']));
    expect(result?.print).not.toContain('http-equiv');
    expect(parsed()).toHaveLength(1);
    expect(parsed()[0]).not.toContain('<li>');
    expect(result).toEqual(fillPolicy(html, true));
  });
});
