// A category's file name (categories/<slug>.html) bounded to the file-name
// limit in bytes: file systems refuse names over 255 bytes, and a 336-character
// category must still build. When cut, a short hash of the full name keeps two
// long categories with the same start apart; the page still shows the full name.
import { createHash } from 'node:crypto';
import { limits } from './limits.ts';
import { slugify } from './slugify.ts';

export function categoryFileSlug(name: string): string {
  const slug = slugify(name);
  if (Buffer.byteLength(slug, 'utf8') <= limits.categoryFileBytes) return slug;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  let cut = '';
  for (const char of slug) {
    if (Buffer.byteLength(cut + char, 'utf8') > limits.categoryFileBytes - hash.length - 1) break;
    cut += char;
  }
  return `${cut.replace(/-+$/, '')}-${hash}`;
}
