// content/packs/*.{yml,yaml,md} -> one Pack per file: the definition validated
// against its schema with positions; select-pack-releases.ts resolves it to the
// releases it gathers.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Point } from 'unist';
import { VFile } from 'vfile';
import { fail, warn } from '../core/messages.ts';
import { parseMarkdown } from '../markdown/parse-markdown.ts';
import type { SiteConfig } from '../schema/config.ts';
import { type PackDefinition, packKeys, packSchema } from '../schema/pack-schema.ts';
import { checkYaml } from '../schema/schema-check.ts';
import { parseYamlSource } from '../schema/yaml-source.ts';
import { findPacks, packsDir } from './find-packs.ts';

export { findPacks, packsDir };

export interface Pack {
  readonly file: VFile;
  /** Output name without extension: `nato-2023` -> packs/nato-2023.pdf. */
  readonly name: string;
  readonly definition: PackDefinition;
  readonly title: string;
  readonly issuer: string;
  readonly lang: string;
  readonly paper: 'a4' | 'letter';
  /** Introduction Markdown and the line of the file it starts on. */
  readonly introduction?: { readonly markdown: string; readonly line: number };
  readonly pointOf: (path: ReadonlyArray<string | number>) => Point | undefined;
}

export interface LoadPackOptions {
  readonly config: SiteConfig;
}

/** Reads and validates one pack file; problems are messages on the returned file. */
export async function loadPack(sourcePath: string, options: LoadPackOptions): Promise<{ file: VFile; pack?: Pack }> {
  const file = new VFile({ path: path.resolve(sourcePath), value: (await readFile(sourcePath, 'utf8')).replace(/^\uFEFF/, '') });
  const isMarkdown = file.path.endsWith('.md');
  let yamlText = String(file.value);
  let firstLine = 1;
  let body: { markdown: string; line: number } | undefined;
  if (isMarkdown) {
    const tree = parseMarkdown(file);
    const yaml = tree.children[0]?.type === 'yaml' ? tree.children[0] : undefined;
    if (!yaml) {
      fail(
        file,
        'No front matter: a pack starts with a `---` line, then `title:`, `date:` and `releases:`, then `---`',
        { line: 1, column: 1 },
        'pack-front-matter',
      );
      return { file };
    }
    yamlText = yaml.value;
    firstLine = (yaml.position?.start.line ?? 1) + 1;
    const end = yaml.position?.end;
    const rest = end?.offset === undefined ? '' : String(file.value).slice(end.offset);
    if (rest.trim() !== '') body = { markdown: rest, line: end?.line ?? 1 };
  }
  const source = parseYamlSource(yamlText, firstLine);
  const definition = checkYaml(source, packSchema, file, { knownKeys: packKeys, rule: 'pack', what: 'pack' }) ?? salvage(source.value);
  if (!definition) return { file };
  if (body && definition.introduction) {
    warn(file, 'Both `introduction:` and a Markdown body: the body is used', source.pointOf(['introduction'], 'key'), 'pack-introduction');
  }
  const introLine = source.pointOf(['introduction'])?.line ?? 1;
  const introduction = body ?? (definition.introduction ? { markdown: definition.introduction, line: introLine } : undefined);
  const name = packName(file.path);
  const rival = (await findPacks(path.dirname(path.dirname(file.path)))).find(
    (other) => other !== file.path && packName(other).toLowerCase() === name.toLowerCase(),
  );
  if (rival && rival < file.path) {
    // Both would write packs/<name>.pdf (alike on a case-blind disk too): the first file keeps it.
    fail(
      file,
      `Pack \`${name}\` would overwrite packs/${packName(rival)}.pdf from ${path.basename(rival)}: rename one of the files`,
      { line: 1, column: 1 },
      'duplicate-slug',
    );
  }
  const pack: Pack = {
    file,
    name,
    definition,
    title: definition.title,
    issuer: definition.issuer ?? options.config.organization,
    lang: definition.lang ?? options.config.lang,
    paper: definition.paper ?? options.config.paper,
    ...(introduction ? { introduction } : {}),
    pointOf: (p) => source.pointOf(p),
  };
  return { file, pack };
}

/** Output name without extension, from the file name: `nato-2023.yml` -> `nato-2023`. */
function packName(sourcePath: string): string {
  return path.basename(sourcePath).replace(/\.(ya?ml|md)$/, '');
}

/**
 * A pack whose problems were already reported, without its bad keys, so that
 * its slugs are still checked and every problem shows in one run; the pack is
 * not built, since its file has errors.
 */
function salvage(value: unknown): PackDefinition | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const first = packSchema.safeParse(value);
  if (first.success) return first.data;
  const bad = new Set(first.error.issues.map((issue) => String(issue.path[0] ?? '')));
  // Without a sound `releases:` or `select:` there is nothing to check against the releases.
  if (bad.has('releases') || bad.has('select') || bad.has('')) return undefined;
  const rest = Object.fromEntries(Object.entries(value).filter(([key]) => !bad.has(key)));
  const second = packSchema.safeParse(rest);
  return second.success ? second.data : undefined;
}
