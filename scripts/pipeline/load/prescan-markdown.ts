// A cheap, linear look at a release's source before remark parses it: remark
// and the HTML tree are recursive, so 10,000 nested `>` or 50,000 nested
// `<div>` would exhaust the stack or the time of the whole build. Each limit
// (core/limits.ts) fails this release alone, at the line that crosses it.
import type { VFile } from 'vfile';
import { formatBytes, limits } from '../core/limits.ts';
import { fail } from '../core/messages.ts';

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const TAG = /<(\/?)([A-Za-z][A-Za-z0-9-]*)\b[^<>]*?(\/?)>/g;

/** Returns false (with an error on `file`) when the source is over a limit. */
export function prescanMarkdown(file: VFile, text: string): boolean {
  const lines = text.split('\n');
  let footnotes = 0;
  let htmlDepth = 0;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    const where = { line: index + 1, column: 1 };
    const depth = nestingOf(line);
    if (depth > limits.markdownDepth) {
      fail(file, `Quotes and lists nested ${depth} deep, expected at most ${limits.markdownDepth}`, where, 'limit-depth');
      return false;
    }
    if (/^\s{0,3}\[\^[^\]]+\]:/.test(line) && ++footnotes > limits.footnotes) {
      fail(file, `More than ${limits.footnotes} footnote definitions, expected at most ${limits.footnotes}`, where, 'limit-footnotes');
      return false;
    }
    for (const match of line.matchAll(TAG)) {
      const name = (match[2] ?? '').toLowerCase();
      if (match[1]) htmlDepth = Math.max(0, htmlDepth - 1);
      else if (!match[3] && !VOID.has(name)) htmlDepth++;
      if (htmlDepth > limits.htmlDepth) {
        fail(
          file,
          `Raw HTML nested ${htmlDepth} deep, expected at most ${limits.htmlDepth}`,
          { line: index + 1, column: (match.index ?? 0) + 1 },
          'limit-html-depth',
        );
        return false;
      }
    }
  }
  // Last, so that a hostile file gets the more precise message above.
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > limits.releaseBytes) {
    fail(
      file,
      `Release is ${bytes} bytes (${formatBytes(bytes)}), expected at most ${formatBytes(limits.releaseBytes)}: split it`,
      { line: 1, column: 1 },
      'limit-size',
    );
    return false;
  }
  return true;
}

/** Block quote markers plus list levels at the start of one line, as written (indent / 2 approximates list levels). */
function nestingOf(line: string): number {
  let quotes = 0;
  let indent = 0;
  let markers = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '>') {
      quotes++;
      indent = 0; // the space after a marker belongs to it, not to a list level
    } else if (c === ' ') indent++;
    else if (c === '\t') indent += 4;
    else if ((c === '-' || c === '*' || c === '+') && line[i + 1] === ' ') markers++;
    else break;
  }
  return quotes + markers + Math.floor(indent / 2);
}
