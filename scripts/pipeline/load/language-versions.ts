// Releases that share a `key` and differ in `lang` are versions of one release:
// each page links to the others. Two with the same key and language would be
// two "English versions", so the second (in source path order) fails at its
// `key` line. Shared by the build and `npm run check`.
import path from 'node:path';
import { fail } from '../core/messages.ts';
import type { Release } from './load-release.ts';

/** Another language version of a release: where its page is. */
export interface LanguageVersion {
  readonly lang: string;
  readonly slug: string;
}

type KeptRecords = Readonly<
  Record<string, { readonly listing?: { readonly slug: string; readonly lang: string; readonly key?: string | undefined } | undefined }>
>;

interface Entry extends LanguageVersion {
  readonly key: string;
  /** Source path relative to the content folder (kept records) or the working folder: sorts the "second". */
  readonly name: string;
  readonly release?: Release;
}

/**
 * Fails every release whose key and language an earlier source already has;
 * returns the versions by key, for the keys of `releases` (the pages built
 * now: a kept record counts only when it shares a key with one).
 */
export function languageVersions(
  releases: readonly Release[],
  kept: KeptRecords = {},
  contentDir = process.cwd(),
): Map<string, LanguageVersion[]> {
  const wanted = new Set(releases.map((release) => release.key));
  const entries: Entry[] = [
    ...releases.map((release) => ({
      key: release.key,
      lang: release.lang,
      slug: release.slug,
      name: path.relative(contentDir, release.file.path).split(path.sep).join('/'),
      release,
    })),
    ...keptVersions(kept, wanted),
  ].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const byKey = new Map<string, Entry[]>();
  for (const entry of entries) {
    const group = byKey.get(entry.key) ?? [];
    const first = group.find((other) => other.lang.toLowerCase() === entry.lang.toLowerCase());
    if (first && entry.release) {
      const place = entry.release.pointOf('key') ?? entry.release.pointOf('lang') ?? { line: 1, column: 1 };
      const reason = `Duplicate \`key\` and \`lang\`: ${first.name} is already the \`${entry.lang}\` version of \`${entry.key}\`; give this one another \`lang\` or \`key\``;
      fail(entry.release.file, reason, place, 'duplicate-version');
      continue;
    }
    if (!first) byKey.set(entry.key, [...group, entry]);
  }
  return new Map([...byKey].map(([key, group]) => [key, group.map(({ lang, slug }) => ({ lang, slug }))]));
}

/**
 * With a pack `lang`, the releases in that language: of the versions of one
 * release (one `key`), the one in `lang` when there is one; a release with no
 * version in `lang` stays, so a selection never loses a release.
 */
export function inLanguage(releases: readonly Release[], lang: string | undefined): Release[] {
  if (!lang) return [...releases];
  const primary = (tag: string) => tag.toLowerCase().split('-')[0];
  const hasVersion = new Set(releases.filter((r) => primary(r.lang) === primary(lang)).map((r) => r.key));
  return releases.filter((r) => primary(r.lang) === primary(lang) || !hasVersion.has(r.key));
}

/** The kept records that are versions of a `wanted` key (for-in: no pair made per record among 10,000). */
function keptVersions(kept: KeptRecords, wanted: ReadonlySet<string>): Entry[] {
  const found: Entry[] = [];
  for (const name in kept) {
    const listing = kept[name]?.listing;
    const key = listing && (listing.key ?? listing.slug);
    if (listing && key !== undefined && wanted.has(key)) found.push({ key, lang: listing.lang, slug: listing.slug, name });
  }
  return found;
}
