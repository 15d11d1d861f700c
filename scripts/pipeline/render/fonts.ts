// Bundled fonts: templates/fonts.yml names npm font packages and faces; this
// module turns them into stylesheets whose URLs point at copies in
// <out>/assets/fonts/, so HTML opened from disk and the printed PDF use exactly
// these files, never a font the machine happens to have. Sets of whole fonts
// (the CJK ones) are linked per page as `<set>-<hash>`: a stylesheet of that
// page's subsets (write-fonts.ts), one file and one PDF font program per face.
// The list itself is read and checked in font-list.ts.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { UsageError } from '../core/errors.ts';
import { isTraditionalChinese, primaryLanguage } from '../core/language.ts';
import type { SiteConfig } from '../schema/config.ts';
import { faceSource, fontFaceRule, rewriteFontFaces, unicodeRangeOf, type WholeFace } from './font-faces.ts';
import { fontListName, readFontList, resolveFirst } from './font-list.ts';
import { subsetCharacters } from './page-characters.ts';

export interface FontSet {
  readonly name: string;
  /** Stylesheet text; font URLs are file names in the same folder. */
  readonly css: string;
  /** Absolute paths of the font files the stylesheet names. */
  readonly files: readonly string[];
  /** Package names and versions, for the build cache. */
  readonly versions: readonly string[];
  /** The families the set's stylesheet declares, as fonts.yml names them. */
  readonly families: readonly string[];
  /** Whole font files, one per face, which pages link as subsets; empty for a set of @fontsource slices. */
  readonly whole: readonly WholeFace[];
}

export const fontsDir = 'assets/fonts';

/** The last sets loaded, with what they were made from: fonts.yml's text and each package's package.json. */
let lastSets:
  | { readonly list: string; readonly manifests: ReadonlyMap<string, string>; readonly sets: ReadonlyMap<string, FontSet> }
  | undefined;

/**
 * The font sets of templates/fonts.yml; a problem in it stops the build (exit 2)
 * with its place. A process that builds again (dev, at every edit) gets the same
 * sets while fonts.yml and the packages' versions are as they were: parsing the
 * list and reading the packages' stylesheets again cost ~20 ms an edit.
 */
export function loadFontSets(templatesDir: string): ReadonlyMap<string, FontSet> {
  const listPath = path.resolve(templatesDir, fontListName);
  const list = readIfThere(listPath);
  if (lastSets && list !== undefined && lastSets.list === `${listPath}\0${list}`) {
    const manifests = lastSets.manifests;
    if ([...manifests].every(([file, text]) => readIfThere(file) === text)) return lastSets.sets;
  }
  const manifests = new Map<string, string>();
  const sets = readFontSets(templatesDir, list, manifests);
  if (list !== undefined) lastSets = { list: `${listPath}\0${list}`, manifests, sets };
  return sets;
}

function readIfThere(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The sets, read afresh from `text` (fonts.yml's, when there is one); each package.json read is kept in `manifests`. */
function readFontSets(templatesDir: string, text: string | undefined, manifests: Map<string, string>): Map<string, FontSet> {
  const { file, list } = readFontList(templatesDir, text);
  if (!list) throw new UsageError(`${fontListName} has errors`, [file]);
  const requires = [createRequire(file.path), createRequire(import.meta.url)];
  const sets = new Map<
    string,
    { css: Array<string | (() => string)>; files: Set<string>; versions: string[]; families: string[]; whole: WholeFace[] }
  >();
  for (const font of list) {
    const packageDir = path.dirname(resolveFirst(requires, `${font.package}/package.json`) ?? '');
    const manifest = path.join(packageDir, 'package.json');
    const manifestText = readFileSync(manifest, 'utf8');
    manifests.set(manifest, manifestText);
    const version = (JSON.parse(manifestText) as { version: string }).version;
    const set = sets.get(font.set) ?? { css: [], files: new Set<string>(), versions: [], families: [], whole: [] };
    sets.set(font.set, set);
    set.versions.push(`${font.package}@${version}`);
    set.families.push(font.family);
    for (const face of font.faces) {
      const source = faceSource(font.package, packageDir, face);
      if (source?.kind === 'slices') {
        const css = readFileSync(source.css, 'utf8');
        set.css.push(rewriteFontFaces(css, (file) => set.files.add(path.join(packageDir, 'files', file))));
      } else if (source) {
        const whole: WholeFace = {
          family: font.family,
          weight: face.slice(0, 3),
          style: face.endsWith('italic') ? 'italic' : 'normal',
          font: source.font,
        };
        set.whole.push(whole);
        set.files.add(source.font);
        // The cmap's range, so the script-coverage check knows what the whole font covers;
        // read only when a page linking the set is checked (a CJK cmap costs tens of milliseconds).
        set.css.push(() => fontFaceRule(whole, path.basename(source.font), unicodeRangeOf(source.font)));
      }
    }
  }
  return new Map(
    [...sets].map(([name, set]) => [
      name,
      {
        name,
        get css() {
          return set.css.map((part) => (typeof part === 'string' ? part : part())).join('\n');
        },
        files: [...set.files].sort(),
        versions: set.versions,
        families: set.families,
        whole: set.whole,
      },
    ]),
  );
}

const japanese = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff00-\uffef]/u;
const hangul = /\p{Script=Hangul}/u;

/**
 * Font sets a page links: always `base`; then the CJK set its language names
 * (`ja`, `ko`, `sc`, `tc`), and `ja`/`ko` for Japanese or Korean text in a page
 * of another language (Han alone is read as Japanese, as before); each CJK set
 * as its subset for this page, `ja-<hash of the page's characters>`. The sets
 * follow `text`; the characters also take in `site`'s values.
 */
export function fontSetsFor(lang: string, text: string, site: SiteConfig | undefined): string[] {
  const primary = primaryLanguage(lang);
  const sets = new Set(['base']);
  if (primary === 'ko') sets.add('ko');
  else if (isTraditionalChinese(lang)) sets.add('tc');
  else if (primary === 'zh') sets.add('sc');
  else if (primary === 'ja' || japanese.test(text)) sets.add('ja');
  if (hangul.test(text)) sets.add('ko');
  // Every set but `base` is named for the page's characters: pages with the same characters share one subset.
  const hash =
    sets.size > 1
      ? createHash('sha256')
          .update(subsetCharacters(lang, text, site))
          .digest('hex')
          .slice(0, 12)
      : '';
  return [...sets].map((set) => (set === 'base' ? set : `${set}-${hash}`));
}

/** The set a linked name stands for: `ja-0123456789ab` -> `ja`. */
export function fontSetOf(linked: string): string {
  return linked.replace(/-[0-9a-f]{12}$/, '');
}

/**
 * True when a font name found in a PDF (`SourceSerif4-Regular`, subset tag
 * removed) belongs to one of the bundled families; anything else is a system
 * font Chrome fell back to.
 */
export function isBundledFont(name: string, sets: ReadonlyMap<string, FontSet>): boolean {
  const squash = (text: string) => text.replace(/[^A-Za-z0-9]/g, '');
  return [...sets.values()].some((set) => set.families.some((family) => squash(name).startsWith(squash(family))));
}
