// Whether a piece of CSS in an SVG (a style attribute, a <style> element, a
// presentation attribute) loads anything: sanitize-svg.ts refuses the file if so.

/**
 * Why a piece of CSS (a style attribute, a <style> element, a presentation
 * attribute) is refused: it loads something. Read after resolving CSS escapes
 * and removing comments, so `\75 rl(` and `u/**\/rl(` are caught too; only
 * `url(#fragment)` (a gradient, a clip path in the same file) passes.
 */
export function cssRefusal(css: string): string | undefined {
  const plain = css
    .replace(/\/\*[\s\S]*?(\*\/|$)/g, '')
    .replace(/\\([0-9a-fA-F]{1,6})[ \t\r\n\f]?/g, (_, hex: string) => safeCodePoint(Number.parseInt(hex, 16)))
    .replace(/\\([\s\S])/g, '$1')
    .toLowerCase();
  if (/@import/.test(plain)) return 'imports a stylesheet';
  if (/image-set\s*\(/.test(plain)) return 'loads an image with image-set()';
  if (/expression\s*\(|-moz-binding|behavior\s*:/.test(plain)) return 'runs code from CSS';
  for (const match of plain.matchAll(/url\s*\(\s*(["']?)\s*([^"')]*)/g)) {
    if (!(match[2] ?? '').trim().startsWith('#')) return `loads \`url(${(match[2] ?? '').slice(0, 60)})\``;
  }
  if (/@font-face/.test(plain)) return 'declares a font';
  return undefined;
}

function safeCodePoint(code: number): string {
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\uFFFD';
}
