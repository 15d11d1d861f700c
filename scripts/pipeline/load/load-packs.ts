// content/packs/*.{yml,yaml,md} -> one Pack per file: the definition validated
// against its schema with positions, then resolved to the releases it gathers.
// A slug that names no release is an error at the line that names it.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Point } from 'unist';
import { VFile } from 'vfile';
import { fail, hasErrors, nearest, warn } from '../core/messages.ts';
import { slugify } from '../core/slugify.ts';
import { parseMarkdown } from '../markdown/parse-markdown.ts';
import type { SiteConfig } from '../schema/config.ts';
import { type PackDefinition, packKeys, packSchema, type packSorts } from '../schema/pack-schema.ts';
import { checkYaml } from '../schema/schema-check.ts';
import { parseYamlSource } from '../schema/yaml-source.ts';
import { findPacks, packsDir } from './find-packs.ts';
import { inLanguage } from './language-versions.ts';
import type { Release } from './load-release.ts';

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

/**
 * The releases a pack gathers, in print order. `releases` holds every release
 * that loaded, with or without errors: naming one that has errors is reported
 * differently from naming one that does not exist.
 */
export function selectReleases(
  pack: Pack,
  releases: ReadonlyArray<{ file: VFile; release?: Release | undefined }>,
  /** Whether a release is under embargo now; those are left out unless the pack has `include_embargoed: true`. */
  embargoed: (release: Release) => boolean = () => false,
): Release[] {
  const { file, definition } = pack;
  const loaded = releases.flatMap(({ release, file: f }) => (release && !hasErrors(f) ? [release] : []));
  const held = definition.include_embargoed ? [] : loaded.filter(embargoed);
  const usable = inLanguage(
    loaded.filter((r) => !held.includes(r)),
    definition.lang,
  );
  const bySlug = new Map(usable.map((r) => [r.slug, r]));
  if (definition.releases) {
    const chosen: Release[] = [];
    const seen = new Set<string>();
    definition.releases.forEach((slug, index) => {
      const place = pack.pointOf(['releases', index]);
      const key = slug.replace(/\.md$/, '');
      const release = bySlug.get(key) ?? loaded.find((r) => r.slug === key && !held.includes(r));
      const waiting = held.find((r) => r.slug === key);
      if (!release && waiting) {
        warn(
          file,
          `Release \`${key}\` is under embargo; it is left out until the embargo lifts (or set \`include_embargoed: true\`)`,
          place,
          'pack-embargoed',
        );
        return;
      }
      if (!release) {
        const broken = releases.find(({ file: f }) => f.path.endsWith(`${key}.md`));
        const guess = nearest(key, [...bySlug.keys()]);
        const hint = broken
          ? `: ${path.relative(process.cwd(), broken.file.path)} has errors`
          : guess
            ? `; did you mean \`${guess}\`?`
            : '; expected the slug of a release in the content folder (its file name without .md)';
        fail(file, `No release \`${key}\`${hint}`, place, 'pack-unknown-release');
        return;
      }
      if (seen.has(key)) {
        warn(file, `Release \`${key}\` is listed twice; it is printed once`, place, 'pack-duplicate-release');
        return;
      }
      seen.add(key);
      chosen.push(release);
    });
    return chosen;
  }
  const select = definition.select ?? { sort: 'date' as const };
  const wanted = {
    category: select.category ? slugify(select.category) : undefined,
    tag: select.tag?.toLowerCase(),
  };
  if (wanted.category && !usable.some((r) => r.category?.slug === wanted.category)) {
    const names = [...new Set(usable.flatMap((r) => (r.category ? [r.category.name] : [])))];
    const guess = nearest(select.category ?? '', names);
    fail(
      file,
      `No release has the category \`${select.category}\`${guess ? `; did you mean \`${guess}\`?` : ''}`,
      pack.pointOf(['select', 'category']),
      'pack-unknown-category',
    );
    return [];
  }
  const chosen = usable.filter(
    (r) =>
      (!wanted.category || r.category?.slug === wanted.category) &&
      (!wanted.tag || r.tags.some((t) => t.toLowerCase() === wanted.tag)) &&
      (!select.from || r.date >= select.from) &&
      (!select.to || r.date <= select.to),
  );
  if (chosen.length === 0) fail(file, 'The selection matches no release', pack.pointOf(['select']), 'pack-empty');
  const compare: Record<(typeof packSorts)[number], (a: Release, b: Release) => number> = {
    date: (a, b) => a.date.localeCompare(b.date) || a.slug.localeCompare(b.slug),
    'date-descending': (a, b) => b.date.localeCompare(a.date) || a.slug.localeCompare(b.slug),
    title: (a, b) => a.title.localeCompare(b.title, pack.lang),
  };
  return chosen.sort(compare[select.sort]);
}
