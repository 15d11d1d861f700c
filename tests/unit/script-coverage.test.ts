// The coverage check's search for the first letter no font covers
// (render/script-coverage.ts) finds letters with regular expressions; here it
// must find what a plain walk over every character finds, on random text and
// random ranges, those that leave ASCII letters uncovered included.
import { describe, expect, it } from 'vitest';
import { firstUncovered } from '../../scripts/pipeline/render/script-coverage.ts';

type Range = readonly [number, number];

/** The walk, character by character: the answer the search must give. */
function walk(text: string, ranges: readonly Range[]): { char: string; offset: number } | undefined {
  let offset = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (/[\p{L}\p{M}]/u.test(char) && !ranges.some(([from, to]) => from <= code && code <= to)) return { char, offset };
    offset += char.length;
  }
  return undefined;
}

/** A small deterministic generator, so a failure can be run again. */
function random(seed: number) {
  let state = seed;
  return (n: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
}

// ASCII, Latin-1 letters, combining marks, Greek, Cyrillic, CJK, Hangul, Tibetan, an astral letter (surrogate pair), emoji.
const pool = ['a', 'Z', ' ', '1', '.', '\n', 'é', 'ß', '\u0301', 'Ω', 'ж', '外', 'の', '한', 'ཀ', '𝒜', '😀', '\u00a0'];

describe('firstUncovered', () => {
  it('finds the letter a walk over every character finds, at the same offset', () => {
    const next = random(14);
    for (let round = 0; round < 3000; round++) {
      const text = Array.from({ length: next(40) }, () => pool[next(pool.length)]).join('');
      const ranges: Range[] = [];
      for (let i = next(4); i > 0; i--) {
        const from = [0x00, 0x41, 0x61, 0x80, 0x300, 0x370, 0x400, 0x3040, 0x4e00, 0xac00, 0xf00, 0x1d400][next(12)] ?? 0;
        ranges.push([from, from + next(3) * ([0x1a, 0x80, 0x5200][next(3)] ?? 0x80)]);
      }
      if (next(3) === 0) ranges.push([0x20, 0x7e]);
      expect(firstUncovered(text, ranges), `${JSON.stringify(text)} ${JSON.stringify(ranges)}`).toEqual(walk(text, ranges));
    }
  });

  it('reports an ASCII letter before a later uncovered one when ASCII is not covered', () => {
    expect(firstUncovered('x外', [[0x4e00, 0x9fff]])).toEqual({ char: 'x', offset: 0 });
    expect(firstUncovered('1 外x', [[0x61, 0x7a]])).toEqual({ char: '外', offset: 2 });
    expect(
      firstUncovered('ab 𝒜 c', [
        [0x41, 0x5a],
        [0x61, 0x7a],
      ]),
    ).toEqual({ char: '𝒜', offset: 3 });
  });
});
