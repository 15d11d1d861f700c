// The orchestrator: plan from the manifest (what changed since the last build),
// then every changed release through the stages (load -> render -> print ->
// finish -> write) with a bounded number in flight, then the collections (the
// listing) and the manifest. It returns a report; the CLI decides what to print.
//
// Only light modules are imported up front: a build with nothing to do hashes
// the inputs, finds everything up to date and returns without loading the
// Markdown parser, the template engine, pdf-lib or Puppeteer.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { VFile } from 'vfile';
import { collectionsKey, packsDigest } from './collections/collections.ts';
import { releaseDate } from './core/dates.ts';
import { UsageError } from './core/errors.ts';
import { forEachLimited } from './core/for-each-limited.ts';
import { fail, hasErrors, warn } from './core/messages.ts';
import { creator } from './core/product.ts';
import type { BuildPlan, DocumentResult, Format } from './core/types.ts';
import {
  allExist,
  type BrowserRecord,
  browserRecord,
  computeInputs,
  type DocumentRecord,
  documentKey,
  FileDigests,
  type Inputs,
  isUpToDate,
  type Manifest,
  type OutputRecord,
  readManifest,
  removeStale,
  sha256,
  stableJson,
  toPosix,
  writeManifest,
} from './incremental/manifest.ts';
import { formatShard, inShard, type Shard } from './incremental/shard.ts';
import { markDuplicateSlugs } from './load/duplicate-slugs.ts';
import { findReleases } from './load/find-releases.ts';
import type { Release } from './load/load-release.ts';
import type { RemoteImages } from './markdown/remote-images.ts';
import { findBrowser } from './print/browser.ts';
import type { PrintPool } from './print/print-pdf.ts';
import type { FontSet } from './render/fonts.ts';
import type { TemplateEngine } from './render/render-template.ts';
import type { LoadedConfig, SiteConfig } from './schema/config.ts';
import { LockError, lockOutput, type OutputLock } from './write/lock.ts';
import { OutputError } from './write/write-output.ts';

export interface BuildOptions {
  readonly contentDir: string;
  readonly outDir: string;
  readonly templatesDir: string;
  /** Build only these release files; the listing still lists every release. */
  readonly files?: readonly string[] | undefined;
  readonly formats?: ReadonlySet<Format> | undefined;
  /** Pages printing at once (default: number of cores). */
  readonly concurrency?: number | undefined;
  /** Rebuild every document even when the manifest says it is up to date (default: false). */
  readonly force?: boolean | undefined;
  /** Build only this shard of the releases and no listing; `--merge` makes the listing later. */
  readonly shard?: Shard | undefined;
  /** Keep the browser warm for the next build for this many idle seconds (`--keep-browser`); 0 or absent: close it with the build. */
  readonly keepBrowserSeconds?: number | undefined;
  /** Called when this build started the kept browser. */
  readonly onKeeperStarted?: (() => void) | undefined;
  /** A browser pool the caller keeps open between builds (watch mode); opened on first need, never closed here. */
  readonly pool?: (() => Promise<PrintPool>) | undefined;
  /** Called once the build knows what it will do. */
  readonly onPlan?: ((plan: BuildPlan) => void) | undefined;
  readonly onDocument?: ((result: DocumentResult) => void) | undefined;
}

export interface BuildReport {
  readonly documents: readonly DocumentResult[];
  /** Files with problems not tied to one release (site config). */
  readonly other: readonly VFile[];
  readonly built: number;
  readonly failed: number;
  /** Releases the manifest showed unchanged, so not built again. */
  readonly upToDate: number;
  /** Files of earlier builds removed because no release makes them any more. */
  readonly removed: readonly string[];
  readonly ms: number;
}

interface Candidate {
  readonly source: string;
  /** Relative to the content folder, `/` separators: the manifest's key. */
  readonly relative: string;
  readonly bytes: Buffer;
  readonly hash: string;
  /** False for a release outside `files` that is loaded only to be listed. */
  readonly build: boolean;
}

export type { BuildPlan, DocumentResult, Format };
/**
 * Builds with the output folder locked. Write failures (disk full, read-only
 * folder) and a folder held by another build stop the build as UsageErrors.
 */
export { UsageError };

export async function build(options: BuildOptions): Promise<BuildReport> {
  if (!existsSync(path.resolve(options.contentDir))) throw new UsageError(`Content folder not found: ${options.contentDir}`);
  let lock: OutputLock;
  try {
    lock = await lockOutput(path.resolve(options.outDir));
  } catch (error) {
    if (error instanceof LockError || error instanceof OutputError) throw new UsageError(error.message);
    throw error;
  }
  try {
    return await buildLocked(options);
  } catch (error) {
    if (error instanceof OutputError) throw new UsageError(error.message);
    throw error;
  } finally {
    await lock.release();
  }
}

async function buildLocked(options: BuildOptions): Promise<BuildReport> {
  const started = performance.now();
  const formats = options.formats ?? new Set<Format>(['html', 'pdf']);
  const contentDir = path.resolve(options.contentDir);
  const outDir = path.resolve(options.outDir);
  const templatesDir = path.resolve(options.templatesDir);
  if (!existsSync(contentDir)) throw new UsageError(`Content folder not found: ${options.contentDir}`);

  const previous = await readManifest(outDir);
  const browser = formats.has('pdf') ? await currentBrowser(previous?.browser) : undefined;
  const { inputs, fontPackages } = await computeInputs({
    contentDir,
    templatesDir,
    formats,
    previous,
    browserVersion: formats.has('pdf') ? (browser?.version ?? 'missing') : undefined,
  });

  const sources = await findReleases(contentDir);
  const selected = options.files ? new Set(options.files.map((f) => path.resolve(f))) : undefined;
  for (const file of selected ?? []) {
    if (!existsSync(file)) throw new UsageError(`No such file: ${path.relative(process.cwd(), file)}`);
    if (!sources.includes(file)) throw new UsageError(`Not a release inside ${options.contentDir}: ${path.relative(process.cwd(), file)}`);
  }

  // Plan: hash each source (and the images it used last time) against the manifest.
  const digests = new FileDigests();
  const kept: Record<string, DocumentRecord> = {};
  const candidates: Candidate[] = [];
  const inScope = sources.map((source) => ({ source, relative: toPosix(path.relative(contentDir, source)) }));
  await forEachLimited(
    inScope.filter((s) => inShard(s.relative, options.shard)),
    32,
    async ({ source, relative }) => {
      const bytes = await readFile(source);
      const hash = sha256(bytes);
      const record = previous?.documents[relative];
      const wanted = !selected || selected.has(source);
      const check = { inputs, source: hash, contentDir, outDir, digests };
      if (record && (!wanted || (!options.force && (await isUpToDate(record, check))))) kept[relative] = record;
      else candidates.push({ source, relative, bytes, hash, build: wanted });
    },
  );
  candidates.sort((a, b) => (a.source < b.source ? -1 : 1));
  const toBuild = candidates.filter((c) => c.build);
  options.onPlan?.({ toBuild: toBuild.length, upToDate: Object.keys(kept).length });

  if (candidates.length === 0 && !options.force && (await nothingElseToDo(previous, inputs, kept, contentDir, outDir, options.shard))) {
    return report([], [], Object.keys(kept).length, [], started);
  }

  // Work to do: only now load the stages. The config and the print pool come
  // first, so Chromium launches while the other stages load.
  const [{ loadConfig }, { PrintPool }] = await Promise.all([import('./schema/config.ts'), import('./print/print-pdf.ts')]);
  const stagesLoading = loadStages();
  stagesLoading.catch(() => undefined); // awaited below
  const loadedConfig: LoadedConfig = await loadConfig(contentDir);
  if (hasErrors(loadedConfig.file)) throw new UsageError('The site config has errors', [loadedConfig.file]);
  const { config } = loadedConfig;
  const loadOptions = { contentDir, templatesDir, config };
  const concurrency = Math.max(1, options.concurrency ?? availableParallelism());
  // One browser for the whole build, packs included, opened on first need.
  let opening: Promise<PrintPool> | undefined;
  const getPool = () => {
    opening ??=
      options.pool?.() ??
      PrintPool.open({
        executablePath: browser?.executable,
        keepBrowserSeconds: options.keepBrowserSeconds,
        onKeeperStarted: options.onKeeperStarted,
        outDir,
        // One changed release needs one page: the browser's first tab, no new one.
        size: Math.max(1, Math.min(concurrency, toBuild.length)),
        timeoutMs: config.print_timeout_seconds * 1000,
      });
    opening.catch(() => undefined); // awaited where it is needed
    return opening;
  };
  const closePool = async () => {
    if (!options.pool) await (await opening?.catch(() => undefined))?.close();
  };
  // Chromium starts now, so its launch overlaps loading the releases and copying the fonts.
  if (formats.has('pdf') && toBuild.length > 0) getPool();

  let stages: Stages;
  let loaded: Array<{ candidate: Candidate; file: VFile; release?: Release }>;
  let buildable: typeof loaded;
  let fontFiles: Record<string, string[]>;
  let fontSets: ReadonlyMap<string, FontSet>;
  try {
    stages = await stagesLoading;
    loaded = await Promise.all(
      candidates.map(async (candidate) => ({ candidate, ...(await stages.loadRelease(candidate.source, loadOptions, candidate.bytes)) })),
    );
    markDuplicateSlugs(
      loaded.flatMap((l) => (l.release ? [l.release] : [])),
      kept,
    );
    buildable = loaded.filter((l) => l.candidate.build && l.release && !hasErrors(l.file));
    fontSets = stages.loadFontSets(templatesDir);
    const neededSets = new Set(Object.values(kept).flatMap((r) => r.fontSets));
    for (const { release, file } of buildable)
      if (release) for (const set of stages.fontSetsFor(release.lang, String(file.value))) neededSets.add(set);
    const rewriteFonts =
      options.force === true || inputs.templates !== previous?.inputs.templates || inputs.fonts !== previous?.inputs.fonts;
    fontFiles = await writeFonts(fontSets, outDir, [...neededSets].sort(), rewriteFonts ? undefined : previous);
  } catch (error) {
    await closePool();
    throw error;
  }

  let engine: TemplateEngine | undefined;
  const getEngine = async () => {
    engine ??= await stages.createTemplateEngine(templatesDir);
    return engine;
  };

  const results: DocumentResult[] = [];
  const records: Record<string, DocumentRecord> = {};
  try {
    const pool = buildable.length > 0 && opening ? await opening : undefined;
    const remote = new stages.RemoteImages({ outDir, timeoutMs: config.print_timeout_seconds * 1000 });
    const context: ReleaseContext = { contentDir, outDir, engine: await getEngine(), pool, formats, config, stages, remote, fontSets };
    await forEachLimited(loaded, concurrency * 2, async ({ candidate, file, release }) => {
      const old = previous?.documents[candidate.relative];
      const listing = release ? listingFacts(release) : undefined;
      if (!candidate.build) {
        // Outside the selection and never built: listed, not built.
        records[candidate.relative] = {
          key: '',
          source: candidate.hash,
          images: {},
          outputs: [],
          fontSets: [],
          ...(listing ? { listing } : {}),
        };
        return;
      }
      const documentStart = performance.now();
      const outcome = release && !hasErrors(file) ? await buildRelease(release, context) : undefined;
      if (outcome && !hasErrors(file)) {
        const images: Record<string, string> = {};
        for (const asset of outcome.assets) images[asset.output.replace(/^assets\//, '')] = (await digests.get(asset.source)) ?? '';
        records[candidate.relative] = {
          key: documentKey(inputs, candidate.hash, images),
          source: candidate.hash,
          images,
          // A build of some formats (--format html) leaves the other formats' files of the last build in place.
          outputs: [...outcome.outputs, ...(old?.outputs ?? []).filter((o) => !formats.has(formatOf(o.path)))],
          fontSets: outcome.fontSets,
          ...(listing ? { listing } : {}),
        };
      } else {
        // A failed build leaves the last good files, so the manifest keeps owning them; the empty key retries it next time.
        records[candidate.relative] = {
          key: '',
          source: candidate.hash,
          images: old?.images ?? {},
          outputs: old?.outputs ?? [],
          fontSets: old?.fontSets ?? [],
          ...(listing ? { listing } : {}),
        };
      }
      const pdf = outcome?.outputs.find((o) => o.path.endsWith('.pdf'));
      const result: DocumentResult = {
        file,
        slug: release?.slug,
        ok: outcome !== undefined && !hasErrors(file),
        outputs: outcome?.outputs.map((o) => o.path) ?? [],
        pages: pdf?.pages,
        bytes: pdf?.bytes,
        ms: Math.round(performance.now() - documentStart),
      };
      results.push(result);
      options.onDocument?.(result);
    });
  } catch (error) {
    await closePool();
    throw error;
  }

  let finished: Awaited<ReturnType<typeof finishBuild>>;
  try {
    finished = await finishBuild({
      contentDir,
      outDir,
      templatesDir,
      formats,
      previous,
      force: options.force === true,
      config,
      getEngine,
      onDocument: options.onDocument,
      pool: getPool,
      manifest: {
        version: 1,
        inputs,
        browser: browser ?? previous?.browser,
        shard: options.shard ? formatShard(options.shard) : undefined,
        fonts: { packages: fontPackages, sets: fontFiles },
        documents: sortedRecords({ ...kept, ...records }),
        collections: undefined,
      },
    });
  } finally {
    await closePool();
  }

  const order = new Map(toBuild.map((c, i) => [c.source, i]));
  results.sort((a, b) => (order.get(a.file.path) ?? 0) - (order.get(b.file.path) ?? 0));
  results.push(...finished.packs);
  return report(
    results,
    loadedConfig.file.messages.length > 0 ? [loadedConfig.file] : [],
    Object.keys(kept).length,
    finished.removed,
    started,
  );
}

export interface FinishOptions {
  readonly contentDir: string;
  readonly outDir: string;
  readonly templatesDir: string;
  readonly formats: ReadonlySet<Format>;
  readonly onDocument?: ((result: DocumentResult) => void) | undefined;
  readonly previous: Manifest | undefined;
  /** The new manifest without its collections, which this step adds (unless it is a shard). */
  readonly manifest: Manifest;
  readonly force: boolean;
  readonly config: SiteConfig;
  readonly getEngine: () => Promise<TemplateEngine>;
  /** The build's print pool, for the packs; without it they open one of their own. */
  readonly pool?: (() => Promise<PrintPool>) | undefined;
}

/**
 * After the documents, for a build and for `--merge` alike: the collections
 * (skipped for a shard, and when their digest is unchanged), removal of files
 * no release makes any more, and the manifest. Returns the files removed and
 * the packs' results.
 */
export async function finishBuild(options: FinishOptions): Promise<{ removed: string[]; packs: DocumentResult[] }> {
  const { previous, outDir } = options;
  let manifest = options.manifest;
  let packs: DocumentResult[] = [];
  if (!manifest.shard) {
    const key = collectionsKey(manifest.inputs, manifest.documents, await packsDigest(options.contentDir));
    const old = previous?.collections;
    const current = !options.force && old?.key === key && (await allExist(outDir, old.outputs));
    if (current) manifest = { ...manifest, collections: old };
    else {
      const { writeCollections } = await import('./collections/collections.ts');
      const written = await writeCollections({
        contentDir: options.contentDir,
        outDir,
        templatesDir: options.templatesDir,
        formats: options.formats,
        creator,
        onDocument: options.onDocument,
        config: options.config,
        engine: await options.getEngine(),
        documents: manifest.documents,
        pool: options.pool,
      });
      packs = [...written.packs];
      // A pack that failed keeps its last good files; an empty key builds the collections again next time.
      const failed = packs.some((p) => !p.ok);
      const outputs = [
        ...new Set([...written.outputs, ...(failed ? (old?.outputs.filter((o) => o.startsWith('packs/')) ?? []) : [])]),
      ].sort();
      manifest = { ...manifest, collections: { key: failed ? '' : key, outputs } };
    }
  }
  const removed = await removeStale(outDir, previous, manifest);
  await writeManifest(outDir, manifest);
  return { removed, packs };
}

/** True when the manifest's fonts, collections and inputs all still hold, so nothing needs writing. */
async function nothingElseToDo(
  previous: Manifest | undefined,
  inputs: Inputs,
  kept: Readonly<Record<string, DocumentRecord>>,
  contentDir: string,
  outDir: string,
  shard: Shard | undefined,
): Promise<boolean> {
  if (!previous || stableJson(previous.inputs) !== stableJson(inputs)) return false;
  if (previous.shard !== (shard ? formatShard(shard) : undefined)) return false;
  if (Object.keys(previous.documents).length !== Object.keys(kept).length) return false; // a release was deleted
  const needed = [...new Set(Object.values(kept).flatMap((r) => r.fontSets))].sort();
  if (stableJson(needed) !== stableJson(Object.keys(previous.fonts.sets).sort())) return false;
  if (!(await allExist(outDir, Object.values(previous.fonts.sets).flat()))) return false;
  if (shard) return true;
  const collections = previous.collections;
  const key = collectionsKey(inputs, sortedRecords(kept), await packsDigest(contentDir));
  return collections?.key === key && (await allExist(outDir, collections.outputs));
}

function report(documents: DocumentResult[], other: VFile[], upToDate: number, removed: readonly string[], started: number): BuildReport {
  const failed = documents.filter((r) => !r.ok).length;
  return {
    documents,
    other,
    built: documents.length - failed,
    failed,
    upToDate,
    removed,
    ms: Math.round(performance.now() - started),
  };
}

async function currentBrowser(previous: BrowserRecord | undefined): Promise<BrowserRecord | undefined> {
  try {
    return await browserRecord(await findBrowser(), previous);
  } catch {
    // No browser: documents are planned as changed, and opening the pool reports it.
    return undefined;
  }
}

/** The heavy stages, loaded only when there is something to build. */
async function loadStages() {
  const [loadContent, fonts, renderRelease, renderTemplate, writeOutput, printPdf, remoteImages] = await Promise.all([
    import('./load/load-release.ts'),
    import('./render/fonts.ts'),
    import('./render/render-release.ts'),
    import('./render/render-template.ts'),
    import('./write/write-output.ts'),
    import('./print/print-pdf.ts'),
    import('./markdown/remote-images.ts'),
  ]);
  // Needed only once Chromium has printed: loaded while it prints (see buildRelease), not before.
  let finishing: Promise<typeof import('./finish/finish-pdf.ts')> | undefined;
  const loadFinishPdf = () => (finishing ??= import('./finish/finish-pdf.ts'));
  return {
    loadRelease: loadContent.loadRelease,
    loadFontSets: fonts.loadFontSets,
    fontSetsFor: fonts.fontSetsFor,
    isBundledFont: fonts.isBundledFont,
    fontsDir: fonts.fontsDir,
    renderRelease: renderRelease.renderRelease,
    createTemplateEngine: renderTemplate.createTemplateEngine,
    loadFinishPdf,
    finishPdf: async (...args: Parameters<typeof import('./finish/finish-pdf.ts').finishPdf>) => (await loadFinishPdf()).finishPdf(...args),
    writeFileAtomic: writeOutput.writeFileAtomic,
    copyFileAtomic: writeOutput.copyFileAtomic,
    writeAsset: writeOutput.writeAsset,
    printOrigin: printPdf.printOrigin,
    RemoteImages: remoteImages.RemoteImages,
  };
}
type Stages = Awaited<ReturnType<typeof loadStages>>;

interface ReleaseContext {
  readonly contentDir: string;
  readonly outDir: string;
  readonly engine: TemplateEngine;
  readonly pool: PrintPool | undefined;
  readonly formats: ReadonlySet<Format>;
  readonly config: SiteConfig;
  readonly stages: Stages;
  readonly remote: RemoteImages;
  readonly fontSets: ReadonlyMap<string, FontSet>;
}

interface ReleaseOutcome {
  readonly outputs: OutputRecord[];
  readonly assets: ReadonlyArray<{ readonly source: string; readonly output: string }>;
  readonly fontSets: readonly string[];
}

async function buildRelease(release: Release, context: ReleaseContext): Promise<ReleaseOutcome | undefined> {
  const { file } = release;
  const { stages } = context;
  const rendered = await stages.renderRelease(release, { contentDir: context.contentDir, config: context.config, engine: context.engine });
  if (!rendered || hasErrors(file)) return undefined;
  for (const asset of rendered.assets) await stages.writeAsset(asset, context.outDir);
  for (const image of rendered.remote) {
    const problem = await context.remote.fetch(image);
    if (problem) fail(file, problem, image.place, 'remote-image');
  }
  if (hasErrors(file)) return undefined;

  const outputs: OutputRecord[] = [];
  let pdf: { bytes: Uint8Array; pages: number } | undefined;
  if (context.pool && context.formats.has('pdf')) {
    try {
      stages.loadFinishPdf().catch(() => undefined); // loads while Chromium prints
      const printed = await context.pool.print({
        html: rendered.html,
        pagePath: `${release.slug}.html`,
        onBlocked: (url) =>
          warn(file, `Refused to load \`${url}\` while printing: only files the build wrote may be used`, undefined, 'print-sandbox'),
      });
      const finished = await stages.finishPdf(printed, {
        title: release.title,
        author: release.author,
        subject: release.frontMatter.summary,
        keywords: [...release.tags, ...(release.category ? [release.category.name] : [])],
        lang: release.lang,
        date: releaseDate(release.date),
        creator,
        headings: [release.title, ...rendered.headings.map((h) => h.text)],
        siteLinks: { printOrigin: stages.printOrigin, pagePath: `${release.slug}.html`, baseUrl: context.config.base_url },
      });
      pdf = finished;
      const strays = finished.fonts.filter((font) => !stages.isBundledFont(font, context.fontSets));
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
    await stages.writeFileAtomic(path.join(context.outDir, `${release.slug}.html`), rendered.html);
    outputs.push({ path: `${release.slug}.html`, bytes: Buffer.byteLength(rendered.html) });
  }
  if (pdf) {
    await stages.writeFileAtomic(path.join(context.outDir, `${release.slug}.pdf`), pdf.bytes);
    outputs.push({ path: `${release.slug}.pdf`, bytes: pdf.bytes.length, pages: pdf.pages });
  }
  return { outputs, assets: rendered.assets, fontSets: rendered.fontSets };
}

function formatOf(output: string): Format {
  return output.endsWith('.pdf') ? 'pdf' : 'html';
}

function listingFacts(release: Release): NonNullable<DocumentRecord['listing']> {
  return {
    title: release.title,
    date: release.date,
    lang: release.lang,
    slug: release.slug,
    ...(release.frontMatter.summary !== undefined ? { summary: release.frontMatter.summary } : {}),
    ...(release.category ? { category: release.category } : {}),
  };
}

function sortedRecords(records: Readonly<Record<string, DocumentRecord>>): Record<string, DocumentRecord> {
  return Object.fromEntries(Object.entries(records).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Writes the font sets pages need: stylesheet and woff2 files. A set the
 * previous build wrote from the same fonts is left alone (`previous` is
 * undefined when fonts or templates changed). Returns the files per set.
 */
async function writeFonts(
  sets: ReadonlyMap<string, FontSet>,
  outDir: string,
  names: readonly string[],
  previous: Manifest | undefined,
): Promise<Record<string, string[]>> {
  const { writeFileAtomic, copyFileAtomic } = await import('./write/write-output.ts');
  const { fontsDir } = await import('./render/fonts.ts');
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
