// The orchestrator, which reads like the pipeline: lock the output folder ->
// plan against the manifest (what changed since the last build) -> load the
// changed releases -> each through the stages (render -> print -> finish ->
// write) with a bounded number in flight -> collections (listing, feed, packs)
// -> manifest -> report. The CLI decides what to print.
//
// Only light modules are imported up front (the architecture test and biome.json
// keep it so): a build with nothing to do hashes the inputs, finds everything up
// to date and returns without loading the Markdown parser, the template engine,
// pdf-lib or Puppeteer. The stages are imported where they are first needed.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { VFile } from 'vfile';
import type { BuildOptions } from './build-options.ts';
import type { ReleaseContext } from './build-release.ts';
import { type BuildReport, buildReport, documentResult } from './build-report.ts';
import { currentCollectionsKey } from './collections/collections.ts';
import { UsageError } from './core/errors.ts';
import { forEachLimited } from './core/for-each-limited.ts';
import { throwIfInterrupted } from './core/interrupt.ts';
import { hasErrors } from './core/messages.ts';
import { programRoot } from './core/product.ts';
import type { BuildPlan, DocumentResult, Format } from './core/types.ts';
import { computeInputs } from './incremental/inputs.ts';
import { currentBrowser } from './incremental/manifest.ts';
import { claimOutputFolder, readManifest, writeManifest } from './incremental/manifest-file.ts';
import { type DocumentRecord, type Manifest, manifestVersion } from './incremental/manifest-types.ts';
import { nothingElseToDo, planBuild, restatted, sortedRecords } from './incremental/plan.ts';
import { builtRecord, failedRecord, listedRecord, listingFacts } from './incremental/records.ts';
import { formatShard } from './incremental/shard.ts';
import { markDuplicateSlugs } from './load/duplicate-slugs.ts';
import { findReleases } from './load/find-releases.ts';
import { languageVersions } from './load/language-versions.ts';
import { loadCandidates } from './load-candidates.ts';
import { buildLinkTargets } from './markdown/check-links.ts';
import type { EarlyBrowser } from './print/early-browser.ts';
import { poolOpener, withPrintPool } from './with-print-pool.ts';
import { withOutputLock } from './write/lock.ts';
import { checkOutputFolder } from './write/output-folder.ts';

export type { BuildOptions, BuildPlan, BuildReport, DocumentResult, Format };
/** Builds stop with a BriefingError (a UsageError, or the output folder's OutputError / LockError) for what no release can get past. */
export { UsageError };

/** What the build has done before planning: when it started, the last manifest, the sources, a browser started for a first build. */
interface FirstSteps {
  readonly started: number;
  readonly previous: Manifest | undefined;
  readonly sources: readonly string[];
  readonly early: EarlyBrowser | undefined;
}

export async function build(options: BuildOptions): Promise<BuildReport> {
  if (!existsSync(path.resolve(options.contentDir))) throw new UsageError(`Content folder not found: ${options.contentDir}`);
  const protectedDirs = [options.contentDir, options.templatesDir, programRoot, process.cwd()];
  checkOutputFolder({ outDir: options.outDir, protectedDirs, force: options.force === true });
  return withOutputLock(path.resolve(options.outDir), () => buildLocked(options));
}

async function buildLocked(options: BuildOptions): Promise<BuildReport> {
  const started = performance.now();
  const outDir = path.resolve(options.outDir);
  const previous = await readManifest(outDir);
  if (!previous) await claimOutputFolder(outDir);
  // No manifest: a first build, which prints every release it can. Chromium starts now, beside the plan.
  const sources = await findReleases(path.resolve(options.contentDir));
  const first = !previous && (options.formats?.has('pdf') ?? true) && !options.pool && sources.length > 0;
  const early = first ? (await import('./print/early-browser.ts')).EarlyBrowser.start(options) : undefined;
  try {
    return await buildFrom(options, { started, previous, sources, early });
  } finally {
    await early?.discard();
  }
}

async function buildFrom(options: BuildOptions, { started, previous, sources, early }: FirstSteps): Promise<BuildReport> {
  const formats = options.formats ?? new Set<Format>(['html', 'pdf']);
  const contentDir = path.resolve(options.contentDir);
  const outDir = path.resolve(options.outDir);
  const templatesDir = path.resolve(options.templatesDir);
  const now = options.now ?? new Date();

  // Plan: hash each source (and the images it used last time) against the manifest.
  const browser = formats.has('pdf') ? await currentBrowser(previous?.browser) : undefined;
  const browserVersion = formats.has('pdf') ? (browser?.version ?? 'missing') : undefined;
  const { inputs, fontPackages } = await computeInputs({ contentDir, templatesDir, formats, previous, browserVersion });
  const plan = { ...options, sources, contentDir, outDir, contentArg: options.contentDir, inputs, previous, now };
  const { candidates, toBuild, kept, digests } = await planBuild(plan);
  options.onPlan?.({ toBuild: toBuild.length, upToDate: Object.keys(kept).length });
  const collections = () => currentCollectionsKey(contentDir, inputs, previous, kept);
  if (candidates.length === 0 && !options.force && (await nothingElseToDo(previous, inputs, kept, outDir, options.shard, collections))) {
    // Touched but unchanged sources: record their new stat, so the next plan need not read them again.
    if (previous && restatted(previous.documents, kept)) await writeManifest(outDir, { ...previous, documents: sortedRecords(kept) });
    return buildReport([], [], Object.keys(kept).length, [], started);
  }

  // Work to do: the site config first, then Chromium (its launch overlaps loading the releases).
  const stagesLoading = Promise.all([
    import('./build-release.ts'),
    import('./render/render-template.ts'),
    import('./markdown/remote-images.ts'),
  ]);
  stagesLoading.catch(() => undefined); // awaited below
  const loadedConfig = await (await import('./schema/config.ts')).loadConfig(contentDir);
  if (hasErrors(loadedConfig.file)) throw new UsageError('The site config has errors', [loadedConfig.file]);
  const { config } = loadedConfig;
  const timeoutMs = config.print_timeout_seconds * 1000;
  const concurrency = Math.max(1, options.concurrency ?? availableParallelism());
  // One changed release needs one page: the browser's first tab, no new one.
  const size = Math.max(1, Math.min(concurrency, toBuild.length));
  const { open, owned } = poolOpener(options, { executablePath: browser?.executable, outDir, size, timeoutMs, early });
  return withPrintPool(open, owned, async (pool) => {
    if (formats.has('pdf') && toBuild.length > 0) pool.get();

    // Load: every candidate, then the fonts the pages will link.
    const loaded = await loadCandidates(candidates, { contentDir, templatesDir, config });
    const releases = loaded.flatMap((l) => (l.release ? [l.release] : []));
    markDuplicateSlugs(releases, kept);
    const versions = languageVersions(releases, kept, contentDir);
    const buildable = loaded.filter((l) => l.candidate.build && l.release && !hasErrors(l.file));
    const { writeNeededFonts } = await import('./write-fonts.ts');
    const rewriteFonts =
      options.force === true || inputs.templates !== previous?.inputs.templates || inputs.fonts !== previous?.inputs.fonts;
    const fonts = writeNeededFonts({
      templatesDir,
      outDir,
      kept,
      buildable,
      config,
      versions,
      previous: rewriteFonts ? undefined : previous,
    });

    // Each release through the stages, a bounded number in flight; one that fails fails alone.
    const [{ buildRelease }, { createTemplateEngine }, { RemoteImages }] = await stagesLoading;
    const engine = await createTemplateEngine(templatesDir);
    const remote = new RemoteImages({ outDir, timeoutMs });
    // Chromium may still be starting and the fonts being written: releases are rendered meanwhile and wait for both to print and write.
    const printing = buildable.length > 0 && pool.started ? pool.get() : undefined;
    const ready = Promise.all([printing, fonts.files]).then(([started]) => started);
    ready.catch(() => undefined); // awaited by each release (build-release.ts) and below
    const links = buildLinkTargets(contentDir, sources, loaded, kept);
    const context: ReleaseContext = {
      ...{ contentDir, outDir, engine, ready, formats, config, remote, links, now, versions },
      ...{ fontSets: fonts.sets, onPageRendered: options.onPageRendered },
    };
    const results: DocumentResult[] = [];
    const records: Record<string, DocumentRecord> = {};
    await forEachLimited(loaded, concurrency * 2, async ({ candidate, file, release, parsed }) => {
      throwIfInterrupted();
      const old = previous?.documents[candidate.relative];
      const listing = release ? listingFacts(release, now) : undefined;
      if (!candidate.build) {
        records[candidate.relative] = listedRecord(candidate, listing);
        return;
      }
      const documentStart = performance.now();
      const outcome = parsed && !hasErrors(file) ? await buildRelease(parsed(), context) : undefined;
      const ok = outcome !== undefined && !hasErrors(file);
      records[candidate.relative] =
        outcome && ok
          ? await builtRecord(candidate, outcome, { inputs, digests, formats, old }, listing)
          : failedRecord(candidate, old, listing);
      const result = documentResult(file, release?.slug, ok, outcome?.outputs ?? [], documentStart);
      results.push(result);
      options.onDocument?.(result);
    });

    // A browser that did not start, or fonts not written, stop the build even when no release got as far as printing.
    await ready;
    const fontFiles = await fonts.files;

    // Collections, stale files and the manifest, as `--merge` does them too.
    const { finishBuild } = await import('./finish-build.ts');
    const finished = await finishBuild({
      ...{ contentDir, outDir, templatesDir, formats, previous, config, onDocument: options.onDocument },
      force: options.force === true,
      getEngine: async () => engine,
      pool: pool.get,
      releases: loaded.map(({ file, release }) => ({ file, release })),
      fonts: { sets: async () => fonts.sets, files: fontFiles },
      manifest: {
        version: manifestVersion,
        inputs,
        browser: browser ?? previous?.browser,
        shard: options.shard ? formatShard(options.shard) : undefined,
        fonts: { packages: fontPackages, sets: fontFiles },
        documents: sortedRecords({ ...kept, ...records }),
        collections: undefined,
      },
    });
    const order = new Map(toBuild.map((c, i) => [c.source, i]));
    results.sort((a, b) => (order.get(a.file.path) ?? 0) - (order.get(b.file.path) ?? 0));
    const other: VFile[] = loadedConfig.file.messages.length > 0 ? [loadedConfig.file] : [];
    return buildReport([...results, ...finished.packs], other, Object.keys(kept).length, finished.removed, started);
  });
}
