// The orchestrator: configuration, then every release through the stages
// (load -> render -> print -> finish -> write) with a bounded number in flight,
// then the listing. It returns a report; the CLI decides what to print.
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import type { VFile } from 'vfile';
import { buildPacks } from './build-packs.ts';
import { type LoadedConfig, loadConfig } from './config.ts';
import { writeFeed } from './feed.ts';
import { finishPdf } from './finish-pdf.ts';
import { type FontSet, fontsDir, loadFontSets } from './fonts.ts';
import { type ListedRelease, writeListing } from './listing.ts';
import { findReleases, loadRelease, type Release } from './load-content.ts';
import { fail, hasErrors, warn } from './messages.ts';
import { PrintPool } from './print-pdf.ts';
import { renderRelease } from './render-release.ts';
import { createTemplateEngine, type TemplateEngine } from './render-template.ts';
import { copyFileAtomic, writeFileAtomic } from './write-output.ts';

export type Format = 'html' | 'pdf';

export interface BuildOptions {
  readonly contentDir: string;
  readonly outDir: string;
  readonly templatesDir: string;
  /** Build only these release files; the listing still lists every release. */
  readonly files?: readonly string[] | undefined;
  readonly formats?: ReadonlySet<Format> | undefined;
  /** Pages printing at once (default: number of cores). */
  readonly concurrency?: number | undefined;
  readonly onDocument?: ((result: DocumentResult) => void) | undefined;
}

export interface DocumentResult {
  readonly file: VFile;
  readonly slug?: string | undefined;
  readonly ok: boolean;
  readonly outputs: readonly string[];
  readonly pages?: number | undefined;
  readonly bytes?: number | undefined;
  readonly ms: number;
}

export interface BuildReport {
  readonly documents: readonly DocumentResult[];
  /** Files with problems not tied to one release (site config). */
  readonly other: readonly VFile[];
  readonly built: number;
  readonly failed: number;
  readonly ms: number;
}

/** A problem that stops the whole build: bad flag, missing folder, bad config, no browser. Exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly files: readonly VFile[] = [],
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

const packageVersion = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
export const creator = `Briefing Press ${packageVersion}`;

export async function build(options: BuildOptions): Promise<BuildReport> {
  const started = performance.now();
  const formats = options.formats ?? new Set<Format>(['html', 'pdf']);
  const contentDir = path.resolve(options.contentDir);
  const outDir = path.resolve(options.outDir);
  const templatesDir = path.resolve(options.templatesDir);
  if (!existsSync(contentDir)) throw new UsageError(`Content folder not found: ${options.contentDir}`);
  const loaded: LoadedConfig = await loadConfig(contentDir);
  if (hasErrors(loaded.file)) throw new UsageError('The site config has errors', [loaded.file]);
  const { config } = loaded;

  const sources = await findReleases(contentDir);
  const selected = options.files ? new Set(options.files.map((f) => path.resolve(f))) : undefined;
  for (const file of selected ?? []) {
    if (!existsSync(file)) throw new UsageError(`No such file: ${path.relative(process.cwd(), file)}`);
    if (!sources.includes(file)) throw new UsageError(`Not a release inside ${options.contentDir}: ${path.relative(process.cwd(), file)}`);
  }

  const loadOptions = { contentDir, templatesDir, config };
  const loadedReleases = await Promise.all(sources.map((source) => loadRelease(source, loadOptions)));
  markDuplicateSlugs(loadedReleases.flatMap((l) => (l.release ? [l.release] : [])));

  const fontSets = loadFontSets(templatesDir);
  const engine = await createTemplateEngine(templatesDir);
  const toBuild = loadedReleases.filter((l) => !selected || selected.has(l.file.path));
  const buildable = toBuild.filter((l) => l.release && !hasErrors(l.file));

  await writeFonts(fontSets, outDir, needsJapanese(buildable) ? ['base', 'ja'] : ['base']);
  const concurrency = Math.max(1, options.concurrency ?? availableParallelism());
  const pool =
    formats.has('pdf') && buildable.length > 0
      ? await PrintPool.open({ outDir, size: concurrency, timeoutMs: config.print_timeout_seconds * 1000 })
      : undefined;

  const results: DocumentResult[] = [];
  const listed = new Map<string, ListedRelease>();
  try {
    await forEachLimited(toBuild, concurrency * 2, async ({ file, release }) => {
      const documentStart = performance.now();
      const outcome =
        release && !hasErrors(file) ? await buildRelease(release, { contentDir, outDir, engine, pool, formats, config }) : undefined;
      const result: DocumentResult = {
        file,
        slug: release?.slug,
        ok: outcome !== undefined && !hasErrors(file),
        outputs: outcome?.outputs ?? [],
        pages: outcome?.pages,
        bytes: outcome?.bytes,
        ms: Math.round(performance.now() - documentStart),
      };
      results.push(result);
      options.onDocument?.(result);
    });
  } finally {
    await pool?.close();
  }

  // The listing names every release that loaded, with the facts of the PDF
  // this build printed, or else of the one already on disk.
  const printed = new Map(results.flatMap((r) => (r.slug && r.pages && r.bytes ? [[r.slug, { pages: r.pages, bytes: r.bytes }]] : [])));
  for (const { release, file } of loadedReleases) {
    if (!release || hasErrors(file)) continue;
    listed.set(release.slug, await listedRelease(release, outDir, printed.get(release.slug)));
  }
  await writeListing([...listed.values()], { outDir, config, engine });
  await writeFeed([...listed.values()], { outDir, config, generator: creator });

  const order = new Map(toBuild.map((l, i) => [l.file.path, i]));
  results.sort((a, b) => (order.get(a.file.path) ?? 0) - (order.get(b.file.path) ?? 0));

  // Briefing packs (content/packs/), after the releases, on full builds only.
  if (!selected) {
    const packOptions = { contentDir, outDir, engine, config, formats, creator, releases: loadedReleases, onDocument: options.onDocument };
    results.push(...(await buildPacks(packOptions)));
  }
  const failed = results.filter((r) => !r.ok).length;
  return {
    documents: results,
    other: loaded.file.messages.length > 0 ? [loaded.file] : [],
    built: results.length - failed,
    failed,
    ms: Math.round(performance.now() - started),
  };
}

interface ReleaseContext {
  readonly contentDir: string;
  readonly outDir: string;
  readonly engine: TemplateEngine;
  readonly pool: PrintPool | undefined;
  readonly formats: ReadonlySet<Format>;
  readonly config: LoadedConfig['config'];
}

async function buildRelease(
  release: Release,
  context: ReleaseContext,
): Promise<{ outputs: string[]; pages?: number; bytes?: number } | undefined> {
  const { file } = release;
  const rendered = await renderRelease(release, { contentDir: context.contentDir, config: context.config, engine: context.engine });
  if (!rendered || hasErrors(file)) return undefined;
  for (const asset of rendered.assets) await copyFileAtomic(asset.source, path.join(context.outDir, asset.output));

  const outputs: string[] = [];
  let pdf: { bytes: Uint8Array; pages: number } | undefined;
  if (context.pool && context.formats.has('pdf')) {
    try {
      const printed = await context.pool.print({
        html: rendered.html,
        pagePath: `${release.slug}.html`,
        onBlocked: (url) =>
          warn(file, `Refused to load \`${url}\` while printing: only files the build wrote may be used`, undefined, 'print-sandbox'),
      });
      const finished = await finishPdf(printed, {
        title: release.title,
        author: release.author,
        subject: release.frontMatter.summary,
        keywords: [...release.tags, ...(release.category ? [release.category.name] : [])],
        lang: release.lang,
        date: releaseDate(release.date),
        creator,
      });
      pdf = finished;
      const strays = finished.fonts.filter((font) => !isBundledFont(font));
      if (strays.length > 0) {
        warn(
          file,
          `Some characters are not covered by the bundled fonts and were set in ${strays.join(', ')}; add a font that covers them to templates/fonts.yml`,
          undefined,
          'font-fallback',
        );
      }
    } catch (error) {
      fail(file, `Printing failed: ${(error as Error).message}`, undefined, 'print');
      return undefined;
    }
  }
  // Both files are written only once both exist, so a failure leaves the old pair.
  if (context.formats.has('html')) {
    await writeFileAtomic(path.join(context.outDir, `${release.slug}.html`), rendered.html);
    outputs.push(`${release.slug}.html`);
  }
  if (pdf) {
    await writeFileAtomic(path.join(context.outDir, `${release.slug}.pdf`), pdf.bytes);
    outputs.push(`${release.slug}.pdf`);
  }
  return { outputs, ...(pdf ? { pages: pdf.pages, bytes: pdf.bytes.length } : {}) };
}

const bundledFontPrefixes = ['SourceSerif4', 'SourceSans3', 'NotoSerifJP', 'NotoSansJP'];
function isBundledFont(name: string): boolean {
  return bundledFontPrefixes.some((prefix) => name.replace(/[^A-Za-z0-9]/g, '').startsWith(prefix));
}

/** The release date at noon UTC, or SOURCE_DATE_EPOCH when set (reproducible-builds.org). */
export function releaseDate(date: string): Date {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000);
  return new Date(`${date}T12:00:00Z`);
}

function markDuplicateSlugs(releases: readonly Release[]): void {
  const bySlug = new Map<string, Release[]>();
  for (const release of releases) bySlug.set(release.slug, [...(bySlug.get(release.slug) ?? []), release]);
  for (const [slug, group] of bySlug) {
    if (group.length < 2) continue;
    for (const release of group) {
      const others = group.filter((r) => r !== release).map((r) => path.relative(process.cwd(), r.file.path));
      const place = release.pointOf('slug') ?? { line: 1, column: 1 };
      fail(release.file, `Duplicate slug \`${slug}\`: ${others.join(', ')} would write the same output files`, place, 'duplicate-slug');
    }
  }
}

function needsJapanese(items: ReadonlyArray<{ release?: Release | undefined; file: VFile }>): boolean {
  return items.some(
    ({ release, file }) =>
      release && (release.lang.startsWith('ja') || /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(String(file.value))),
  );
}

async function writeFonts(sets: ReadonlyMap<string, FontSet>, outDir: string, names: readonly string[]): Promise<void> {
  for (const name of names) {
    const set = sets.get(name);
    if (!set) continue;
    await writeFileAtomic(path.join(outDir, fontsDir, `${name}.css`), set.css);
    await forEachLimited(set.files, 16, (font) =>
      copyFileAtomic(font, path.join(outDir, fontsDir, path.basename(font))).then(() => undefined),
    );
  }
}

async function listedRelease(release: Release, outDir: string, printed: ListedRelease['pdf']): Promise<ListedRelease> {
  const pdfPath = path.join(outDir, `${release.slug}.pdf`);
  let pdf: ListedRelease['pdf'] = printed;
  if (!pdf && existsSync(pdfPath)) {
    const bytes = readFileSync(pdfPath);
    try {
      pdf = { bytes: bytes.length, pages: (await PDFDocument.load(bytes, { updateMetadata: false })).getPageCount() };
    } catch {
      pdf = undefined; // not a PDF we can read: list the release without one
    }
  }
  return {
    title: release.title,
    date: release.date,
    lang: release.lang,
    slug: release.slug,
    summary: release.frontMatter.summary,
    category: release.category,
    pdf,
  };
}

/** Runs `task` over `items` with at most `limit` in flight. */
export async function forEachLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
