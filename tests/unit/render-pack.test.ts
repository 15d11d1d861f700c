// The pure parts of a pack: where blank pages go in duplex, and how releases
// share one page without their ids or heading levels colliding.
import { describe, expect, it } from 'vitest';
import { planLayout } from '../../scripts/pipeline/collections/pack-page-numbers.ts';
import { demoteHeadings, type PreparedPack, scopeIds } from '../../scripts/pipeline/render/render-pack.ts';

function prepared(duplex: boolean, count: number): PreparedPack {
  const sections = Array.from({ length: count }, (_, i) => ({ id: `release-${i + 1}` }));
  return { pack: { definition: { duplex } }, sections } as unknown as PreparedPack;
}
const pages = (entries: Array<[string, number]>) => new Map(entries);

describe('planLayout', () => {
  it('takes the measured pages as they are when the pack is one-sided', () => {
    const next = planLayout(
      prepared(false, 2),
      { pages: new Map(), blankBefore: new Set() },
      pages([
        ['release-1', 3],
        ['release-2', 4],
      ]),
    );
    expect([...next.pages]).toEqual([
      ['release-1', 3],
      ['release-2', 4],
    ]);
    expect([...next.blankBefore]).toEqual([]);
  });

  it('adds a blank page before each release that would start on an even page, counting the ones added before it', () => {
    // Cover 1, blank 2, contents 3, release 1 on 4 (1 page), release 2 on 5 (2 pages), release 3 on 7.
    const first = { pages: new Map(), blankBefore: new Set(['contents']) };
    const next = planLayout(
      prepared(true, 3),
      first,
      pages([
        ['release-1', 4],
        ['release-2', 5],
        ['release-3', 7],
      ]),
    );
    expect([...next.blankBefore]).toEqual(['contents', 'release-1', 'release-2']);
    expect([...next.pages]).toEqual([
      ['release-1', 5],
      ['release-2', 7],
      ['release-3', 9],
    ]);
    // Printed with those blanks, the same pages are measured: the plan is stable.
    const again = planLayout(
      prepared(true, 3),
      next,
      pages([
        ['release-1', 5],
        ['release-2', 7],
        ['release-3', 9],
      ]),
    );
    expect([...again.pages]).toEqual([...next.pages]);
    expect([...again.blankBefore]).toEqual([...next.blankBefore]);
  });
});

describe('scopeIds and demoteHeadings', () => {
  it('prefixes ids and same-page links inside tags only', () => {
    const html = '<h2 id="section-a">A</h2><p>see <a href="#fn-1" id="fnref-1" aria-describedby="footnote-label">1</a>, id="x" stays</p>';
    expect(scopeIds(html, 'release-2')).toBe(
      '<h2 id="release-2-section-a">A</h2><p>see <a href="#release-2-fn-1" id="release-2-fnref-1" aria-describedby="release-2-footnote-label">1</a>, id="x" stays</p>',
    );
  });

  it('moves headings one level down, h6 staying h6', () => {
    expect(demoteHeadings('<h1>a</h1><h2 id="b">b</h2><h6>f</h6>')).toBe('<h2>a</h2><h3 id="b">b</h3><h6>f</h6>');
  });
});
