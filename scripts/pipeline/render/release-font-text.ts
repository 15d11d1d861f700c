// The text a release page's fonts are chosen for and cut to: its source, and
// the names of its other language versions, which its links give in their own
// language ("日本語" on an English page). One home, read by the font writer,
// the coverage check and the page, so the sets each links are the sets written.
import { labelsFor } from '../core/labels/index.ts';
import type { LanguageVersion } from '../load/language-versions.ts';
import type { Release } from '../load/load-release.ts';
import type { SiteConfig } from '../schema/config.ts';
import { fontSetsFor } from './fonts.ts';

type Versions = ReadonlyMap<string, readonly LanguageVersion[]> | undefined;

export function releaseFontText(release: Release, versions: Versions): string {
  const others = (versions?.get(release.key) ?? []).filter((v) => v.slug !== release.slug);
  const source = String(release.file.value);
  return others.length === 0 ? source : `${source}\n${others.map((v) => labelsFor(v.lang).language_name).join('\n')}`;
}

/** The font sets a release page links (`base`, `ja-…`). */
export function releaseFontSets(release: Release, versions: Versions, config: SiteConfig): string[] {
  return fontSetsFor(release.lang, releaseFontText(release, versions), config);
}
