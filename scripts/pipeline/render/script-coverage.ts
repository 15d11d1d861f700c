// A letter no bundled font covers prints as a box (or in whatever font the
// machine has, which differs between machines). So the release's text is
// checked against the unicode-range of every face in the font sets its page
// links, and the first letter none covers is an error at its place: the press
// officer sees where, and which script needs a font in templates/fonts.yml.
import type { VFile } from 'vfile';
import { fail } from '../core/messages.ts';
import { type FontSet, fontSetOf } from './fonts.ts';

type Range = readonly [number, number];

// Letters and combining marks only (firstUncovered): a symbol or emoji in a
// fallback font is the build's `font-fallback` warning, not a release that
// cannot be read.

// Names for the message; a script not listed is named by its code point alone.
const scriptNames = [
  'Arabic',
  'Armenian',
  'Bengali',
  'Devanagari',
  'Ethiopic',
  'Georgian',
  'Gujarati',
  'Gurmukhi',
  'Han',
  'Hangul',
  'Hebrew',
  'Hiragana',
  'Kannada',
  'Katakana',
  'Khmer',
  'Lao',
  'Malayalam',
  'Mongolian',
  'Myanmar',
  'Sinhala',
  'Syriac',
  'Tamil',
  'Telugu',
  'Thaana',
  'Thai',
  'Tibetan',
].map((name) => ({ name, pattern: new RegExp(`\\p{Script=${name}}`, 'u') }));

/**
 * The code point ranges a set's stylesheet covers, or undefined when one of its
 * faces declares no unicode-range (it claims everything, so nothing can be checked).
 */
export function coveredRanges(css: string): Range[] | undefined {
  const faces = css.match(/@font-face\s*{[^}]*}/g) ?? [];
  const ranges: Range[] = [];
  for (const face of faces) {
    const declared = /unicode-range:\s*([^;}]+)/.exec(face)?.[1];
    if (declared === undefined) return undefined;
    for (const part of declared.split(',')) {
      const match = /U\+([0-9A-F?]+)(?:-([0-9A-F]+))?/i.exec(part.trim());
      if (!match?.[1]) continue;
      const start = match[1].replace(/\?/g, '0');
      const end = match[2] ?? match[1].replace(/\?/g, 'F');
      ranges.push([Number.parseInt(start, 16), Number.parseInt(end, 16)]);
    }
  }
  return ranges.sort((a, b) => a[0] - b[0]);
}

/** `ranges` sorted by start with overlapping and touching ones joined, for a binary search. */
function joined(ranges: readonly Range[]): Range[] {
  const out: [number, number][] = [];
  for (const [start, end] of [...ranges].sort((a, b) => a[0] - b[0])) {
    const last = out[out.length - 1];
    if (last && start <= last[1] + 1) last[1] = Math.max(last[1], end);
    else out.push([start, end]);
  }
  return out;
}

/** `joined` ranges: whether one holds `codePoint`. */
function covers(ranges: readonly Range[], codePoint: number): boolean {
  let low = 0;
  let high = ranges.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const [start, end] = ranges[middle] as Range;
    if (codePoint < start) high = middle - 1;
    else if (codePoint > end) low = middle + 1;
    else return true;
  }
  return false;
}

/** Letters and marks beyond ASCII, each one match (a code point, surrogate pairs whole). */
const wideLetters = /(?![\0-\x7f])[\p{L}\p{M}]/gu;
const asciiLetters = /[A-Za-z]/g;

/**
 * The first letter in `text` none of `ranges` covers, with its offset. The
 * regular expressions find the letters: most of a release is ASCII, and a
 * loop over every character ran in the interpreter for the first pages of a
 * build, ~30 ms before the first print of 100 releases.
 */
export function firstUncovered(text: string, ranges: readonly Range[]): { char: string; offset: number } | undefined {
  const sorted = joined(ranges);
  let found: { char: string; offset: number } | undefined;
  // ASCII letters are looked at only when some are not covered (a site whose base font lacks Latin).
  const asciiCovered = coversAll(sorted, 0x41, 0x5a) && coversAll(sorted, 0x61, 0x7a);
  for (const pattern of asciiCovered ? [wideLetters] : [wideLetters, asciiLetters]) {
    for (const match of text.matchAll(pattern)) {
      if (found && match.index >= found.offset) break;
      const char = match[0];
      if (!covers(sorted, char.codePointAt(0) ?? 0)) {
        found = { char, offset: match.index };
        break;
      }
    }
  }
  return found;
}

/** Whether `joined` ranges hold every code point from `start` to `end`. */
function coversAll(ranges: readonly Range[], start: number, end: number): boolean {
  return ranges.some(([from, to]) => from <= start && end <= to);
}

// A set's ranges, read from its stylesheet once per build, not once per release (null: a face without unicode-range).
const rangesOfSet = new WeakMap<FontSet, readonly Range[] | null>();

function rangesOf(set: FontSet): readonly Range[] | undefined {
  let ranges = rangesOfSet.get(set);
  if (ranges === undefined) {
    ranges = coveredRanges(set.css) ?? null;
    rangesOfSet.set(set, ranges);
  }
  return ranges ?? undefined;
}

/**
 * Fails `file` at the first letter of its source the page's font sets do not
 * cover. Returns true when the text is covered.
 */
export function checkScriptCoverage(file: VFile, sets: ReadonlyMap<string, FontSet>, linked: readonly string[]): boolean {
  const ranges: Range[] = [];
  for (const name of linked) {
    const set = sets.get(fontSetOf(name));
    const covered = set ? rangesOf(set) : [];
    if (covered === undefined) return true;
    ranges.push(...covered);
  }
  const text = String(file.value);
  const found = firstUncovered(text, ranges);
  if (!found) return true;
  const before = text.slice(0, found.offset);
  const line = before.split('\n').length;
  const column = found.offset - before.lastIndexOf('\n');
  const codePoint = `U+${(found.char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  const script = scriptNames.find((entry) => entry.pattern.test(found.char))?.name;
  fail(
    file,
    `Found \`${found.char}\` (${script ? `${script} script, ` : ''}${codePoint}), which no bundled font covers: it would print as a box. Expected text the fonts in templates/fonts.yml cover; add an @fontsource font for this script there`,
    { line, column },
    'script-coverage',
  );
  return false;
}
