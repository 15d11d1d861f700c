// The fonts the pages link, written into the output folder: each font set's
// stylesheet and its woff2 files, all from npm packages (never system fonts).
// Loaded only when a build has work to do.
import path from 'node:path';
import type { VFile } from 'vfile';
import { forEachLimited } from './core/for-each-limited.ts';
import { allExist, type DocumentRecord, type Manifest, stableJson } from './incremental/manifest.ts';
import type { Release } from './load/load-release.ts';
import { type FontSet, fontSetsFor, fontsDir, loadFontSets } from './render/fonts.ts';
import { copyFileAtomic, writeFileAtomic } from './write/write-output.ts';

export interface NeededFonts {
  readonly templatesDir: string;
  readonly outDir: string;
  /** Records of releases not built again: their pages still link their sets. */
  readonly kept: Readonly<Record<string, DocumentRecord>>;
  /** Releases about to be built. */
  readonly buildable: ReadonlyArray<{ readonly release?: Release | undefined; readonly file: VFile }>;
  /** The last build's manifest, or undefined to write every set again (fonts or templates changed). */
  readonly previous: Manifest | undefined;
}

/** Writes the font sets the kept and the new pages link; returns every set (for the print) and the files written per set (for the manifest). */
export async function writeNeededFonts(
  options: NeededFonts,
): Promise<{ sets: ReadonlyMap<string, FontSet>; files: Record<string, string[]> }> {
  const sets = loadFontSets(options.templatesDir);
  const needed = new Set(Object.values(options.kept).flatMap((r) => r.fontSets));
  for (const { release, file } of options.buildable)
    if (release) for (const set of fontSetsFor(release.lang, String(file.value))) needed.add(set);
  return { sets, files: await writeFonts(sets, options.outDir, [...needed].sort(), options.previous) };
}

/**
 * Writes the font sets pages need: stylesheet and woff2 files. A set the
 * previous build wrote from the same fonts is left alone (`previous` is
 * undefined when fonts or templates changed). Returns the files per set.
 */
export async function writeFonts(
  sets: ReadonlyMap<string, FontSet>,
  outDir: string,
  names: readonly string[],
  previous: Manifest | undefined,
): Promise<Record<string, string[]>> {
  const written: Record<string, string[]> = {};
  for (const name of names) {
    const set = sets.get(name);
    if (!set) continue;
    const files = [`${fontsDir}/${name}.css`, ...set.files.map((font) => `${fontsDir}/${path.basename(font)}`)].sort();
    written[name] = files;
    const old = previous?.fonts.sets[name];
    if (old && stableJson(old) === stableJson(files) && (await allExist(outDir, files))) continue;
    await writeFileAtomic(path.join(outDir, fontsDir, `${name}.css`), set.css);
    await forEachLimited(set.files, 16, (font) =>
      copyFileAtomic(font, path.join(outDir, fontsDir, path.basename(font))).then(() => undefined),
    );
  }
  return written;
}
