// Writes the stylesheets and font files pages link (render/fonts.ts names
// them). A set of @fontsource slices is copied as it is; a set of whole fonts
// is written per page as `<set>-<hash>.css` naming one WOFF subset per face,
// each file named by its content, so pages with the same characters share
// every file and a PDF gets one font program per face.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { allExist, stableJson } from '../incremental/manifest.ts';
import type { Manifest } from '../incremental/manifest-types.ts';
import { fontFaceRule } from '../render/font-faces.ts';
import { type FontSet, fontSetOf, fontsDir } from '../render/fonts.ts';
import { subsetCharacters } from '../render/page-characters.ts';
import type { SiteConfig } from '../schema/config.ts';
import { copyFilesAtomicSync } from '../write/copy-files-sync.ts';
import { subsetFontFile } from '../write/font-subset.ts';
import { writeFileAtomic } from '../write/write-output.ts';

/** Linked set name -> the characters of the pages linking it; undefined for a kept page's set (written by an earlier build). */
export type NeededSets = ReadonlyMap<string, string | undefined>;

/**
 * Writes the sets pages need. A set the previous build wrote is left alone when
 * its files are all there (`previous` is undefined when fonts or templates
 * changed). Returns the files per set, for the manifest.
 */
export async function writeFontSets(
  sets: ReadonlyMap<string, FontSet>,
  outDir: string,
  needed: NeededSets,
  previous: Pick<Manifest, 'fonts'> | undefined,
): Promise<Record<string, string[]>> {
  const written: Record<string, string[]> = {};
  for (const [name, characters] of [...needed].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const set = sets.get(fontSetOf(name));
    if (!set) continue;
    const old = previous?.fonts.sets[name];
    if (set.whole.length > 0) {
      if (old && (await allExist(outDir, old))) written[name] = [...old];
      else if (characters !== undefined) written[name] = await writeSubsets(set, name, characters, outDir);
      continue;
    }
    const files = [`${fontsDir}/${name}.css`, ...set.files.map((font) => `${fontsDir}/${path.basename(font)}`)].sort();
    written[name] = files;
    if (old && stableJson(old) === stableJson(files) && (await allExist(outDir, files))) continue;
    copyFilesAtomicSync(set.files.map((font) => [font, path.join(outDir, fontsDir, path.basename(font))]));
    await writeFileAtomic(path.join(outDir, fontsDir, `${name}.css`), set.css);
  }
  return written;
}

/** One WOFF per face, cut to `characters`, and the stylesheet naming them. */
async function writeSubsets(set: FontSet, name: string, characters: string, outDir: string): Promise<string[]> {
  const rules: string[] = [];
  const files: string[] = [];
  for (const face of set.whole) {
    const bytes = await subsetFontFile(face.font, characters);
    const stem = `${face.family.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${face.weight}${face.style === 'italic' ? '-italic' : ''}`;
    const file = `${stem}-${createHash('sha256').update(bytes).digest('hex').slice(0, 12)}.woff`;
    const target = path.join(outDir, fontsDir, file);
    if (!existsSync(target)) await writeFileAtomic(target, bytes);
    rules.push(fontFaceRule(face, file));
    files.push(`${fontsDir}/${file}`);
  }
  await writeFileAtomic(path.join(outDir, fontsDir, `${name}.css`), `${rules.join('\n')}\n`);
  return [`${fontsDir}/${name}.css`, ...files].sort();
}

/** The font sets a build loaded and the files it wrote (or found in place) per linked set: pages written after the releases (packs) reuse them. */
export interface BuildFonts {
  /** The sets of fonts.yml, loaded once per build (on first need under `--merge`). */
  readonly sets: () => Promise<ReadonlyMap<string, FontSet>>;
  /** Files per linked set name that stand in the output folder now, relative to it. */
  readonly files: Readonly<Record<string, readonly string[]>>;
}

/**
 * For a page outside the manifest's releases (a pack): writes the sets it
 * links that the build has not (a subset of its own characters), and returns
 * every file the page needs, so its record owns them and a later build prunes them.
 */
export async function writePageFonts(
  where: { readonly outDir: string; readonly config: SiteConfig; readonly fonts: BuildFonts },
  linked: readonly string[],
  lang: string,
  text: string,
): Promise<string[]> {
  const characters = subsetCharacters(lang, text, where.config);
  const missing = linked.filter((name) => where.fonts.files[name] === undefined);
  const written =
    missing.length > 0
      ? await writeFontSets(await where.fonts.sets(), where.outDir, new Map(missing.map((name) => [name, characters])), undefined)
      : {};
  return [...new Set(linked.flatMap((name) => where.fonts.files[name] ?? written[name] ?? []))].sort();
}
