// The fonts the pages link, written into the output folder (fonts/write-font-sets.ts):
// each set's stylesheet and font files, all from npm packages (never system fonts).
// Loaded only when a build has work to do.
import type { VFile } from 'vfile';
import { writeFontSets } from './fonts/write-font-sets.ts';
import type { DocumentRecord, Manifest } from './incremental/manifest-types.ts';
import type { LanguageVersion } from './load/language-versions.ts';
import type { Release } from './load/load-release.ts';
import { type FontSet, fontSetOf, fontSetsFor, loadFontSets } from './render/fonts.ts';
import { subsetCharacters } from './render/page-characters.ts';
import { releaseFontText } from './render/release-font-text.ts';
import type { SiteConfig } from './schema/config.ts';

export interface NeededFonts {
  readonly templatesDir: string;
  readonly outDir: string;
  /** Records of releases not built again: their pages still link their sets. */
  readonly kept: Readonly<Record<string, DocumentRecord>>;
  /** Releases about to be built. */
  readonly buildable: ReadonlyArray<{ readonly release?: Release | undefined; readonly file: VFile }>;
  /** The last build's manifest, or undefined to write every set again (fonts or templates changed). */
  readonly previous: Manifest | undefined;
  /** The site's settings: their words are in the pages, so in the subsets too. */
  readonly config: SiteConfig;
  /** Language versions by key: a page names its other versions in their languages. */
  readonly versions: ReadonlyMap<string, readonly LanguageVersion[]>;
}

/**
 * Starts writing the font sets the kept and the new pages link; returns every
 * set (for the pages) at once, and the files written per set (for the manifest)
 * when they are written. Only printing needs them on disk (Chromium loads them
 * from the output folder), so the first releases are rendered meanwhile
 * (a CJK subset is cut and every stylesheet written with fsync).
 */
export function writeNeededFonts(options: NeededFonts): {
  sets: ReadonlyMap<string, FontSet>;
  files: Promise<Record<string, string[]>>;
} {
  const sets = loadFontSets(options.templatesDir);
  const needed = new Map<string, string | undefined>(Object.values(options.kept).flatMap((r) => r.fontSets.map((set) => [set, undefined])));
  for (const { release } of options.buildable) {
    if (!release) continue;
    const text = releaseFontText(release, options.versions);
    // Characters only for a set of whole fonts, which is cut to them: a page's are ~0.4 ms to gather, 40 ms before the first print of 100.
    for (const set of fontSetsFor(release.lang, text, options.config))
      needed.set(set, sets.get(fontSetOf(set))?.whole.length ? subsetCharacters(release.lang, text, options.config) : undefined);
  }
  const files = writeFontSets(sets, options.outDir, needed, options.previous);
  files.catch(() => undefined); // awaited before each release writes (build-release.ts) and by the build
  return { sets, files };
}
