// templates/fonts.yml, the list of bundled fonts: read and checked like
// site.yml, every problem a message at its line. render/fonts.ts makes the
// font sets from it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { VFile } from 'vfile';
import * as z from 'zod';
import { fail, hasErrors } from '../core/messages.ts';
import { checkYaml } from '../schema/schema-check.ts';
import { parseYamlSource } from '../schema/yaml-source.ts';
import { faceSource, fontPackageScopes } from './font-faces.ts';

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

export type FontList = z.infer<typeof fontListSchema>;

export const fontListName = 'fonts.yml';

/** Reads and checks templates/fonts.yml like site.yml: every problem is a message at its line on `file`. */
export function readFontList(templatesDir: string, text?: string): { readonly file: VFile; readonly list?: FontList } {
  const listPath = path.resolve(templatesDir, fontListName);
  const file = new VFile({ path: listPath });
  try {
    file.value = (text ?? readFileSync(listPath, 'utf8')).replace(/^\uFEFF/, '');
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

/** The first of `requires` that resolves `id`: packages resolve from the templates' folder first, then from this project. */
export function resolveFirst(requires: ReadonlyArray<NodeJS.Require>, id: string): string | undefined {
  for (const require of requires) {
    try {
      return require.resolve(id);
    } catch {
      // try the next one
    }
  }
  return undefined;
}
