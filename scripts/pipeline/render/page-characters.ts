// The characters a page can print beyond its own source text, for cutting a
// whole CJK font down to what the page needs (write/font-subset.ts): the
// labels (any language's, since a page names the other language versions in
// their own words), the dateline's words (2023年4月5日, 2024년 5월 2일),
// and the punctuation the Markdown stage or the templates add (smart quotes,
// dashes, list markers, "Page N of M"). A character left out prints in a
// system font and is reported (publish-document's font-fallback warning).
// subsetCharacters is the one place the page's subset characters are put
// together: the subset's name (render/fonts.ts) and its file are made from it.
import { formatDateline } from '../core/format-dates.ts';
import { everyLabelSet, type Labels } from '../core/labels/index.ts';
import type { SiteConfig } from '../schema/config.ts';

const fixedRanges: ReadonlyArray<readonly [number, number]> = [
  [0x20, 0x7e], // ASCII: digits of page numbers and dates, Latin names in CJK text
  [0xa0, 0xbf], // Latin-1 punctuation: ©, «», ·, non-breaking space
  [0x2010, 0x2027], // dashes, smart quotes, bullets, ellipsis
  [0x2030, 0x203a], // per mille, primes, single guillemets
  [0x3000, 0x303f], // CJK symbols and punctuation: 、。「」〜
  [0xff01, 0xff5e], // full-width ASCII: （）：，
];

const fixed = fixedRanges.flatMap(([from, to]) => Array.from({ length: to - from + 1 }, (_, i) => String.fromCodePoint(from + i))).join('');

function labelText(labels: Labels): string {
  return [...Object.values(labels).filter((value): value is string => typeof value === 'string'), ...Object.values(labels.types)].join('');
}

const labels = everyLabelSet().map(labelText).join('');

/** What the page may print beyond `text`: every label, the dateline words of `lang` in every month, fixed punctuation. */
function addedCharacters(lang: string): string {
  const months = Array.from({ length: 12 }, (_, m) => formatDateline(`2023-${String(m + 1).padStart(2, '0')}-15`, lang)).join('');
  return `${labels}${months}${fixed}`;
}

// What a page of each language adds, and each site config's characters, once per
// build: a Japanese release's subset is named for them three times (write-fonts,
// the coverage check, the page).
const addedByLang = new Map<string, ReadonlySet<string>>();
const siteCharacters = new WeakMap<SiteConfig, string>();

/**
 * The characters a page's subsets hold, unique and sorted: its text, what the
 * templates add, and every value of site.yml (the organization's name in the
 * letterhead, 外務省, is there and nowhere in the release).
 */
export function subsetCharacters(lang: string, text: string, site: SiteConfig | undefined): string {
  let added = addedByLang.get(lang);
  if (!added) {
    added = new Set(addedCharacters(lang));
    addedByLang.set(lang, added);
  }
  const characters = new Set(added);
  for (const char of text) characters.add(char);
  if (site) {
    let fromSite = siteCharacters.get(site);
    if (fromSite === undefined) {
      fromSite = JSON.stringify(site);
      siteCharacters.set(site, fromSite);
    }
    for (const char of fromSite) characters.add(char);
  }
  return [...characters].sort((a, b) => (a.codePointAt(0) ?? 0) - (b.codePointAt(0) ?? 0)).join('');
}
