// `--merge`: the last step of a sharded build. Each `--shard i/n` build wrote its
// releases and a manifest into its own folder; this copies those files into the
// output folder, joins the manifests and runs the same collections step as a
// normal build, so shards plus merge give the same files as one build.
import { copyFile, mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from './core/errors.ts';
import { hasErrors } from './core/messages.ts';
import { programRoot } from './core/product.ts';
import type { DocumentResult } from './core/types.ts';
import { finishBuild } from './finish-build.ts';
import { computeInputs } from './incremental/inputs.ts';
import { ownedFiles } from './incremental/manifest.ts';
import { claimOutputFolder, manifestName, readManifest } from './incremental/manifest-file.ts';
import { type DocumentRecord, type Inputs, type Manifest, manifestVersion } from './incremental/manifest-types.ts';
import { sortedRecords } from './incremental/plan.ts';
import { parseShard } from './incremental/shard.ts';
import type { FontSet } from './render/fonts.ts';
import { withOutputLock } from './write/lock.ts';
import { checkOutputFolder } from './write/output-folder.ts';
import { tempDone, tempName } from './write/write-output.ts';

export interface MergeOptions {
  /** Output folders of `--shard i/n` builds, one per shard, all n of them. */
  readonly shardDirs: readonly string[];
  readonly outDir: string;
  /** For the site config, which the listing uses; must be the one the shards used. */
  readonly contentDir: string;
  readonly templatesDir: string;
}

export interface MergeReport {
  readonly documents: number;
  readonly copied: number;
  readonly removed: readonly string[];
  /** The briefing packs built from the merged releases, one result each. */
  readonly packs: readonly DocumentResult[];
  readonly ms: number;
}

/** Merges with the output folder locked, as a build writes it: a build and a merge into one folder never mix their files. */
export async function mergeShards(options: MergeOptions): Promise<MergeReport> {
  if (options.shardDirs.length === 0) throw new UsageError('--merge needs the output folders of the shards');
  // A merge writes into a folder the shards' copies made, so only the folders the build reads are refused.
  const protectedDirs = [options.contentDir, options.templatesDir, programRoot, process.cwd()];
  checkOutputFolder({ outDir: options.outDir, protectedDirs, force: true });
  return withOutputLock(path.resolve(options.outDir), () => mergeLocked(options));
}

async function mergeLocked(options: MergeOptions): Promise<MergeReport> {
  const started = performance.now();
  const outDir = path.resolve(options.outDir);
  const contentDir = path.resolve(options.contentDir);
  const templatesDir = path.resolve(options.templatesDir);

  const shards: Array<{ dir: string; manifest: Manifest }> = [];
  for (const dir of options.shardDirs) {
    const manifest = await readManifest(path.resolve(dir));
    if (!manifest?.shard) throw new UsageError(`No shard manifest (${manifestName}) in ${dir}: pass folders written by \`--shard i/n\``);
    shards.push({ dir: path.resolve(dir), manifest });
  }
  checkComplete(shards.map((s) => s.manifest.shard ?? ''));

  const first = shards[0]?.manifest as Manifest;
  const browsers = new Set(shards.map((s) => s.manifest.inputs.browser));
  if (browsers.size > 1) throw new UsageError(`The shards were printed with different browsers: ${[...browsers].join(', ')}`);
  const { inputs, fontPackages } = await computeInputs({
    contentDir,
    templatesDir,
    formats: new Set(first.inputs.formats.split(',').filter(Boolean)),
    previous: first,
    browserVersion: first.inputs.browser === 'none' ? undefined : first.inputs.browser,
  });
  for (const { manifest } of shards) {
    const differing = (Object.keys(inputs) as Array<keyof Inputs>).filter((k) => manifest.inputs[k] !== inputs[k]);
    if (differing.length > 0) {
      throw new UsageError(
        `Shard ${manifest.shard} was built from other inputs than the merge sees now (${differing.join(', ')} differ): build every shard and merge from the same commit`,
      );
    }
  }

  const documents: Record<string, DocumentRecord> = {};
  const fontSets: Record<string, readonly string[]> = {};
  const slugs = new Map<string, string>();
  for (const { manifest } of shards) {
    for (const [relative, record] of Object.entries(manifest.documents)) {
      if (documents[relative]) throw new UsageError(`${relative} is in more than one shard`);
      const slug = record.listing?.slug;
      const other = slug === undefined ? undefined : slugs.get(slug);
      if (slug !== undefined && other !== undefined) {
        throw new UsageError(`Duplicate slug \`${slug}\`: ${other} and ${relative} write the same output files`);
      }
      if (slug !== undefined) slugs.set(slug, relative);
      documents[relative] = record;
    }
    Object.assign(fontSets, manifest.fonts.sets);
  }

  const previous = await readManifest(outDir);
  if (!previous) await claimOutputFolder(outDir);
  let copied = 0;
  for (const { dir, manifest } of shards) {
    if (dir === outDir) continue;
    for (const file of ownedFiles({ ...manifest, collections: undefined })) {
      await copyAtomic(path.join(dir, file), path.join(outDir, file));
      copied++;
    }
  }

  const [{ loadConfig }, { createTemplateEngine }] = await Promise.all([
    import('./schema/config.ts'),
    import('./render/render-template.ts'),
  ]);
  const loaded = await loadConfig(contentDir);
  if (hasErrors(loaded.file)) throw new UsageError('The site config has errors', [loaded.file]);
  // The shards wrote the releases' font sets; only a pack needs fonts.yml, once.
  let fontSetsLoading: Promise<ReadonlyMap<string, FontSet>> | undefined;
  const loadSets = () => (fontSetsLoading ??= import('./render/fonts.ts').then(({ loadFontSets }) => loadFontSets(templatesDir)));
  const { removed, packs } = await finishBuild({
    contentDir,
    outDir,
    templatesDir,
    formats: new Set(['html', 'pdf']),
    previous,
    force: false,
    config: loaded.config,
    getEngine: () => createTemplateEngine(templatesDir),
    fonts: { sets: loadSets, files: fontSets },
    manifest: {
      version: manifestVersion,
      inputs,
      browser: shards.find((s) => s.manifest.browser)?.manifest.browser,
      shard: undefined,
      fonts: { packages: fontPackages, sets: sortedRecords(fontSets) },
      documents: sortedRecords(documents),
      collections: undefined,
    },
  });
  return { documents: Object.keys(documents).length, copied, removed, packs, ms: Math.round(performance.now() - started) };
}

/** Every shard 1..n exactly once, all with the same n. */
function checkComplete(names: readonly string[]): void {
  const parsed = names.map((name) => parseShard(name));
  const count = parsed[0]?.count ?? 0;
  if (parsed.some((s) => !s || s.count !== count)) throw new UsageError(`The shards do not belong to one build: ${names.join(', ')}`);
  const seen = new Set(parsed.map((s) => s?.index));
  if (seen.size !== names.length) throw new UsageError(`A shard is given twice: ${names.join(', ')}`);
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length > 0)
    throw new UsageError(`Missing shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')}`);
}

async function copyAtomic(source: string, target: string): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  const temp = tempName(target);
  try {
    await copyFile(source, temp);
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw new UsageError(`Cannot copy ${source}: ${(error as Error).message}`, [], { stage: 'merge', file: source, cause: error });
  } finally {
    tempDone(temp);
  }
}
