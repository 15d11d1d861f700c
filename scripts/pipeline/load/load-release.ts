// content/**/*.md -> one Release per document: bytes decoded strictly, front
// matter validated against the schema with positions, the site defaults
// applied; the Markdown body is parsed once, when first read (load/tree-on-read.ts).
// Anything wrong is a message on the document's VFile.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Root } from 'mdast';
import type { Point } from 'unist';
import { VFile } from 'vfile';
import { categoryFileSlug } from '../core/category-file-slug.ts';
import { failOnException } from '../core/caught-error.ts';
import { type ReleaseInstant, zonedInstant } from '../core/dates.ts';
import { fail, hasErrors } from '../core/messages.ts';
import { reservedSlugProblem } from '../core/reserved-paths.ts';
import { releaseTemplateProblem } from '../core/template-names.ts';
import { type Asset, resolveImage } from '../markdown/assets.ts';
import { frontMatterNode } from '../markdown/front-matter-node.ts';
import type { Paper, SiteConfig } from '../schema/config.ts';
import type { ReleaseType } from '../schema/fields.ts';
import { type FrontMatter, frontMatterKeys, frontMatterSchema } from '../schema/front-matter.ts';
import { checkYaml } from '../schema/schema-check.ts';
import { parseYamlSource, type YamlSource } from '../schema/yaml-source.ts';
import { decodeUtf8 } from './decode-text.ts';
import { prescanMarkdown } from './prescan-markdown.ts';
import { withTreeOnRead } from './tree-on-read.ts';

export { findReleases } from './find-releases.ts';

export interface Release {
  readonly file: VFile;
  readonly tree: Root;
  readonly title: string;
  /** `YYYY-MM-DD`: the local day in the release's time zone. */
  readonly date: string;
  /** The moment the release is dated, read in its `time_zone` (or the site's). */
  readonly when: ReleaseInstant;
  /** Held back from listings until then. */
  readonly embargo?: ReleaseInstant;
  /** A correction's moment (`updated`). */
  readonly updated?: ReleaseInstant;
  /** `press-release`, `statement`, …. */
  readonly type: ReleaseType;
  /** Versions of one release in other languages share it; the slug when absent. */
  readonly key: string;
  readonly lang: string;
  readonly author: string;
  readonly template: string;
  /** Output path without extension, relative to the output folder: `2023-04-04-hayashi-stoltenberg`. */
  readonly slug: string;
  readonly paper: Paper;
  readonly tags: readonly string[];
  readonly category?: { readonly name: string; readonly slug: string };
  readonly image?: Asset;
  /** Every front matter key, custom ones included, for templates. */
  readonly frontMatter: FrontMatter;
  /** Where each front matter key stands, for later checks (duplicate slugs). */
  readonly pointOf: (key: string) => Point | undefined;
}

export interface LoadOptions {
  readonly contentDir: string;
  readonly templatesDir: string;
  readonly config: SiteConfig;
}

/** Reads and validates one release; returns undefined when it cannot be built (messages on `file`). */
export async function loadRelease(
  sourcePath: string,
  options: LoadOptions,
  /** The file's bytes when the caller has already read them (to hash them). */
  bytes?: Uint8Array,
): Promise<{ file: VFile; release?: Release }> {
  const file = new VFile({ path: path.resolve(sourcePath) });
  const decoded = decodeUtf8(bytes ?? (await readFile(sourcePath)));
  if (!decoded.ok) {
    const hex = decoded.byte.toString(16).toUpperCase().padStart(2, '0');
    fail(file, `Invalid UTF-8 (byte 0x${hex}): save the file as UTF-8`, { line: decoded.line, column: decoded.column }, 'encoding');
    return { file };
  }
  file.value = decoded.text.replace(/^\uFEFF/, '');
  if (!prescanMarkdown(file, file.value)) return { file };
  let release: Release | undefined;
  try {
    release = readRelease(file, options);
  } catch (error) {
    failOnException(file, 'read', error);
    return { file };
  }
  return release && !hasErrors(file) ? { file, release } : { file };
}

function readRelease(file: VFile, options: LoadOptions): Release | undefined {
  const yaml = frontMatterNode(String(file.value));
  if (!yaml) {
    fail(
      file,
      'No front matter: a release starts with a `---` line, then `title:` and `date:`, then `---`',
      { line: 1, column: 1 },
      'front-matter-missing',
    );
    return undefined;
  }
  const source = parseYamlSource(yaml.value, (yaml.position?.start.line ?? 1) + 1);
  const data = checkYaml(source, frontMatterSchema, file, { knownKeys: frontMatterKeys, rule: 'front-matter', what: 'front matter' });
  if (!data) return undefined;
  const pointOf = keyPoints(source);

  const { config } = options;
  const template = data.template ?? 'release';
  const templateProblem = releaseTemplateProblem(template);
  if (templateProblem) fail(file, templateProblem, pointOf('template'), 'unknown-template');
  else if (!existsSync(path.join(options.templatesDir, `${template}.liquid`))) {
    fail(
      file,
      `Unknown template \`${template}\`: there is no ${path.relative(process.cwd(), path.join(options.templatesDir, `${template}.liquid`))}`,
      pointOf('template'),
      'unknown-template',
    );
  }
  let image: Asset | undefined;
  if (data.image !== undefined) {
    const resolved = resolveImage(data.image, file.path, options.contentDir);
    if (resolved.ok) image = resolved.asset;
    else fail(file, resolved.reason, pointOf('image'), 'image-missing');
    if (data.image_alt === undefined) {
      fail(file, '`image` needs `image_alt`: a description of the photo for readers who cannot see it', pointOf('image'), 'image-alt');
    }
  }

  // A date is read in a zone, so a wall time the clocks skip, or an unknown zone, fails at its line.
  const zone = data.time_zone ?? config.time_zone;
  const moment = (key: 'date' | 'embargo' | 'updated', value: string | undefined): ReleaseInstant | undefined => {
    if (value === undefined) return undefined;
    const read = zonedInstant(value, zone);
    if (read.ok) return read.when;
    fail(file, `Invalid \`${key}\` in front matter: ${read.reason}`, pointOf(key), `front-matter-${key}`);
    return undefined;
  };
  const when = moment('date', data.date);
  const embargo = moment('embargo', data.embargo);
  const updated = moment('updated', data.updated);
  if (!when) return undefined;

  const relative = path.relative(options.contentDir, file.path).replace(/\.md$/, '').split(path.sep).join('/');
  const reserved = reservedSlugProblem(data.slug ?? relative);
  if (reserved) fail(file, `Output path ${reserved}`, pointOf('slug') ?? { line: 1, column: 1 }, 'reserved-slug');
  return withTreeOnRead({
    file,
    title: data.title,
    date: when.date,
    when,
    ...(embargo ? { embargo } : {}),
    ...(updated ? { updated } : {}),
    type: data.type ?? 'press-release',
    key: data.key ?? data.slug ?? relative,
    lang: data.lang ?? config.lang,
    author: data.author ?? config.author,
    template,
    slug: data.slug ?? relative,
    paper: data.paper ?? config.paper,
    tags: data.tags ?? [],
    ...(data.category ? { category: { name: data.category, slug: categoryFileSlug(data.category) } } : {}),
    ...(image ? { image } : {}),
    frontMatter: data,
    pointOf,
  });
}

/**
 * The points of the top-level keys, taken now. A closure over `source` (even one
 * beside it in the same function: V8 gives a function's closures one shared
 * context) would keep its whole YAML document alive, about 7 KiB, while
 * thousands of releases wait to be built.
 */
function keyPoints(source: YamlSource): (key: string) => Point | undefined {
  const points = new Map<string, Point | undefined>();
  for (const { key } of source.keys) points.set(key, source.pointOf([key])); // a loop: a callback here would capture `source`
  const start = source.pointOf([]);
  return (key) => points.get(key) ?? start;
}
