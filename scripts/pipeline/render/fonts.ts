// Bundled fonts: templates/fonts.yml names @fontsource packages and faces; this
// module turns them into stylesheets whose URLs point at copies in
// <out>/assets/fonts/, so HTML opened from disk and the printed PDF use exactly
// these files, never a font the machine happens to have.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { VFile } from 'vfile';
import { z } from 'zod';
import { UsageError } from '../core/errors.ts';
import { primaryLanguage } from '../core/language.ts';
import { fail, hasErrors } from '../core/messages.ts';
import { checkYaml } from '../schema/schema-check.ts';
import { parseYamlSource } from '../schema/yaml-source.ts';

// Strict: a misspelt key (`familly:`) is an error at its line, not a silently dropped font.
const fontListSchema = z.array(
  z
    .object({
      package: z
        .string({ error: 'expected an npm package name' })
        .startsWith('@fontsource/', 'expected a package such as `@fontsource/source-serif-4`'),
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
      if (existsSync(path.join(path.dirname(manifest), `${face}.css`))) return;
      fail(file, `\`${font.package}\` has no face \`${face}\``, source.pointOf([index, 'faces', i]), 'fonts-face');
    });
  });
  return hasErrors(file) ? { file } : { file, list };
}

export interface FontSet {
  readonly name: string;
  /** Stylesheet text; font URLs are file names in the same folder. */
  readonly css: string;
  /** Absolute paths of the woff2 files the stylesheet names. */
  readonly files: readonly string[];
  /** Package names and versions, for the build cache. */
  readonly versions: readonly string[];
  /** The families the set's stylesheet declares, as fonts.yml names them. */
  readonly families: readonly string[];
}

export const fontsDir = 'assets/fonts';

/** The font sets of templates/fonts.yml; a problem in it stops the build (exit 2) with its place. */
export function loadFontSets(templatesDir: string): Map<string, FontSet> {
  const { file, list } = readFontList(templatesDir);
  if (!list) throw new UsageError(`${fontListName} has errors`, [file]);
  const requires = [createRequire(file.path), createRequire(import.meta.url)];
  const sets = new Map<string, { css: string[]; files: Set<string>; versions: string[]; families: string[] }>();
  for (const font of list) {
    const packageDir = path.dirname(resolveFirst(requires, `${font.package}/package.json`) ?? '');
    const version = (JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string }).version;
    const set = sets.get(font.set) ?? { css: [], files: new Set<string>(), versions: [], families: [] };
    sets.set(font.set, set);
    set.versions.push(`${font.package}@${version}`);
    set.families.push(font.family);
    for (const face of font.faces) {
      const css = readFileSync(path.join(packageDir, `${face}.css`), 'utf8');
      set.css.push(rewriteFontFaces(css, (file) => set.files.add(path.join(packageDir, 'files', file))));
    }
  }
  return new Map(
    [...sets].map(([name, set]) => [
      name,
      { name, css: set.css.join('\n'), files: [...set.files].sort(), versions: set.versions, families: set.families },
    ]),
  );
}

/**
 * Keeps only the woff2 source of each @font-face (Chrome reads it; the woff
 * copies would double the files) and makes text wait for the font: with
 * fontsource's `swap`, a page printed early could show a fallback face.
 */
function rewriteFontFaces(css: string, use: (file: string) => void): string {
  return css
    .replace(/src:\s*url\(\.\/files\/([^)]+\.woff2)\)\s*format\('woff2'\)[^;]*;/g, (_m, file: string) => {
      use(file);
      return `src: url(${file}) format('woff2');`;
    })
    .replace(/font-display:\s*swap;/g, 'font-display: block;')
    .replace(/^\/\*.*\*\/$/gm, '')
    .replace(/\n{2,}/g, '\n');
}

const japanese = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff00-\uffef]/u;
const hangul = /\p{Script=Hangul}/u;

/**
 * Font sets a page needs: always `base`; then the CJK set its language names
 * (`ja`, `ko`, `sc`, `tc`), and `ja`/`ko` for Japanese or Korean text in a page
 * of another language (Han alone is read as Japanese, as before).
 */
export function fontSetsFor(lang: string, text: string): string[] {
  const code = lang.toLowerCase();
  const primary = primaryLanguage(lang);
  const sets = new Set(['base']);
  if (primary === 'ko') sets.add('ko');
  else if (/^zh(-(tw|hk|mo)\b|-hant\b)/.test(code)) sets.add('tc');
  else if (primary === 'zh') sets.add('sc');
  else if (primary === 'ja' || japanese.test(text)) sets.add('ja');
  if (hangul.test(text)) sets.add('ko');
  return [...sets];
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
