// Bundled fonts: templates/fonts.yml names npm font packages and faces; this
// module turns them into stylesheets whose URLs point at copies in
// <out>/assets/fonts/, so HTML opened from disk and the printed PDF use exactly
// these files, never a font the machine happens to have. Sets of whole fonts
// (the CJK ones) are linked per page as `<set>-<hash>`: a stylesheet of that
// page's subsets (write-fonts.ts), one file and one PDF font program per face.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { VFile } from 'vfile';
import { z } from 'zod';
import { UsageError } from '../core/errors.ts';
import { isTraditionalChinese, primaryLanguage } from '../core/language.ts';
import { fail, hasErrors } from '../core/messages.ts';
import type { SiteConfig } from '../schema/config.ts';
import { checkYaml } from '../schema/schema-check.ts';
import { parseYamlSource } from '../schema/yaml-source.ts';
import { faceSource, fontFaceRule, fontPackageScopes, rewriteFontFaces, unicodeRangeOf, type WholeFace } from './font-faces.ts';
import { subsetCharacters } from './page-characters.ts';

// Strict: a misspelt key (`familly:`) is an error at its line, not a silently dropped font.
const fontListSchema = z.array(
  z
    .object({
      package: z
        .string({ error: 'expected an npm package name' })
        .refine((name) => fontPackageScopes.some((scope) => name.startsWith(scope)), {
          error: 'expected a package such as `@fontsource/source-serif-4` or `@expo-google-fonts/noto-sans-jp`',
        }),
      family: z.string({ error: 'expected the font family name, as the CSS names it' }).min(1),
      faces: z
        .array(z.string().regex(/^\d{3}(-italic)?$/, 'expected a weight such as `400` or `700-italic`'), {
          error: 'expected a list of weights such as ["400", "700"]',
        })
        .min(1, 'expected at least one face'),
      set: z
        .string()
        .regex(/^[a-z]+$/, 'expected a set name in lower-case letters, such as `base` or `ja`')
        .default('base'),
    })
    .strict(),
  { error: 'expected a list of fonts, each starting with `- package:`' },
);

type FontList = z.infer<typeof fontListSchema>;

export const fontListName = 'fonts.yml';

/** Reads and checks templates/fonts.yml like site.yml: every problem is a message at its line on `file`. */
export function readFontList(templatesDir: string): { readonly file: VFile; readonly list?: FontList } {
  const listPath = path.resolve(templatesDir, fontListName);
  const file = new VFile({ path: listPath });
  try {
    file.value = readFileSync(listPath, 'utf8').replace(/^\uFEFF/, '');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    fail(file, `No ${fontListName} in the templates folder; expected the list of bundled fonts`, { line: 1, column: 1 }, 'fonts-missing');
    return { file };
  }
  const source = parseYamlSource(String(file.value));
  const list = checkYaml(source, fontListSchema, file, { knownKeys: [], rule: 'fonts', what: fontListName, shape: 'list' });
  if (!list) return { file };
  // Packages resolve from the templates' folder first (a site may bundle its own fonts), then from this project.
  const requires = [createRequire(listPath), createRequire(import.meta.url)];
  list.forEach((font, index) => {
    const manifest = resolveFirst(requires, `${font.package}/package.json`);
    if (!manifest) {
      const hint = `npm install ${font.package}, or remove it from ${fontListName}`;
      fail(file, `Font package \`${font.package}\` is not installed; ${hint}`, source.pointOf([index, 'package']), 'fonts-package');
      return;
    }
    font.faces.forEach((face, i) => {
      if (faceSource(font.package, path.dirname(manifest), face)) return;
      fail(file, `\`${font.package}\` has no face \`${face}\``, source.pointOf([index, 'faces', i]), 'fonts-face');
    });
  });
  return hasErrors(file) ? { file } : { file, list };
}

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

/** The font sets of templates/fonts.yml; a problem in it stops the build (exit 2) with its place. */
export function loadFontSets(templatesDir: string): Map<string, FontSet> {
  const { file, list } = readFontList(templatesDir);
  if (!list) throw new UsageError(`${fontListName} has errors`, [file]);
  const requires = [createRequire(file.path), createRequire(import.meta.url)];
  const sets = new Map<
    string,
    { css: Array<string | (() => string)>; files: Set<string>; versions: string[]; families: string[]; whole: WholeFace[] }
  >();
  for (const font of list) {
    const packageDir = path.dirname(resolveFirst(requires, `${font.package}/package.json`) ?? '');
    const version = (JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string }).version;
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

function resolveFirst(requires: ReadonlyArray<NodeJS.Require>, id: string): string | undefined {
  for (const require of requires) {
    try {
      return require.resolve(id);
    } catch {
      // try the next one
    }
  }
  return undefined;
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
