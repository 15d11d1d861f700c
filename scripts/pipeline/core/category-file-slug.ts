// A category's file name (categories/<slug>.html): ASCII letters, digits and
// `-` only, and at most the file-name limit in bytes. Non-ASCII names made
// links percent-encoded, looked different on disks that normalise Unicode
// (macOS), and a 336-character category could pass the 255-byte limit of file
// systems. Letters with accents keep their base letter; when anything else is
// lost (安全保障) or the name is cut, a short hash of the full name keeps two
// categories apart. The page and the listing still show the original name.
import { createHash } from 'node:crypto';
import { limits } from './limits.ts';
import { slugify } from './slugify.ts';

/** Latin letters that Unicode does not decompose into a base letter and a mark. */
const latinLetters: Readonly<Record<string, string>> = { ß: 'ss', æ: 'ae', ø: 'o', œ: 'oe', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };

export function categoryFileSlug(name: string): string {
  const slug = slugify(name);
  const latin = [...slug].map((char) => latinLetters[char] ?? char).join('');
  const ascii = latin.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  const lost = /[^a-z0-9-]/.test(latin);
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  if (!lost && ascii.length <= limits.categoryFileBytes) return ascii;
  if (ascii === '') return `category-${hash}`;
  const room = limits.categoryFileBytes - hash.length - 1;
  return `${ascii.slice(0, room).replace(/-+$/, '')}-${hash}`;
}
