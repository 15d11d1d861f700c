// Planning against the manifest: which releases must be built (candidates) and
// which the last build's records still describe (kept). Light on purpose: a
// build with nothing to do gets its answer here without loading any stage.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isEmbargoed } from '../core/dates.ts';
import { UsageError } from '../core/errors.ts';
import { forEachLimited } from '../core/for-each-limited.ts';
import { findPacks } from '../load/find-packs.ts';
import { releasesForSelection } from '../load/pack-selection.ts';
import { allExist, FileDigests, isUpToDate, sha256, stableJson, upToDateNow } from './manifest.ts';
import type { DocumentRecord, Inputs, Manifest, SourceStat } from './manifest-types.ts';
import { OutputFiles } from './output-files.ts';
import { formatShard, inShard, type Shard } from './shard.ts';
import { contentRelative, sameStat, sourceFacts, type WatchedSources } from './source-facts.ts';

export interface Candidate {
  readonly source: string;
  /** Relative to the content folder, `/` separators: the manifest's key. */
  readonly relative: string;
  readonly bytes: Buffer;
  readonly hash: string;
  readonly stat: SourceStat;
  /** False for a release outside `files` that is loaded only to be listed. */
  readonly build: boolean;
}

export interface Plan {
  /** Releases to load, sorted by source path; those with `build` false are only listed. */
  readonly candidates: readonly Candidate[];
  /** The candidates to build. */
  readonly toBuild: readonly Candidate[];
  /** Records of the last build that still hold, by source relative to the content folder. */
  readonly kept: Readonly<Record<string, DocumentRecord>>;
  /** Digests of the files read while planning, reused for the new records. */
  readonly digests: FileDigests;
}

export interface PlanOptions {
  readonly contentDir: string;
  readonly outDir: string;
  /** The folder as the user gave it, for messages. */
  readonly contentArg: string;
  /** Every release source in the content folder (load/find-releases.ts). */
  readonly sources: readonly string[];
  readonly inputs: Inputs;
  readonly previous: Manifest | undefined;
  readonly files?: readonly string[] | undefined;
  readonly shard?: Shard | undefined;
  readonly force?: boolean | undefined;
  /** The build's clock (`--now`): a record made before an embargo that has since lifted is rebuilt. */
  readonly now?: Date | undefined;
  /** What a process watching the content folder knows changed (npm run dev): other sources keep their recorded stat. */
  readonly watched?: WatchedSources | undefined;
}

/** A source the plan's first pass could not settle without reading it or an image. */
interface Pending {
  readonly source: string;
  readonly relative: string;
  readonly record: DocumentRecord | undefined;
  readonly wanted: boolean;
  readonly facts: SourceStat;
}

/** Hashes each source in scope (and the images it used last time) against the manifest. */
export async function planBuild(options: PlanOptions): Promise<Plan> {
  const { contentDir, outDir, inputs, previous, sources } = options;
  const named = options.files?.map((f) => path.resolve(f));
  for (const file of named ?? []) if (!existsSync(file)) throw new UsageError(`No such file: ${path.relative(process.cwd(), file)}`);
  // A named pack file stands for the releases it needs (load/pack-selection.ts).
  const packFiles = named ? await findPacks(contentDir) : [];
  const forPacks = named && (await releasesForSelection(named, packFiles, sources));
  const selected = named && forPacks ? new Set(forPacks) : undefined;
  for (const file of selected ?? []) {
    if (!existsSync(file)) throw new UsageError(`No such file: ${path.relative(process.cwd(), file)}`);
    if (!sources.includes(file)) throw new UsageError(`Not a release inside ${options.contentArg}: ${path.relative(process.cwd(), file)}`);
  }
  const digests = new FileDigests();
  const outputs = new OutputFiles(outDir);
  const kept: Record<string, DocumentRecord> = {};
  const candidates: Candidate[] = [];
  const inScope = sources.map((source) => ({ source, relative: contentRelative(contentDir, source) }));
  if (previous) await outputs.listRoot();
  // Cheap facts first, without waiting: an unchanged stat means the recorded
  // hash still holds, so the bytes are not read. Synchronous: 10,000 stats took
  // 0.22-0.54 s through the thread pool's promises, 0.07-0.13 s so.
  const rest: Pending[] = [];
  const watched = options.watched?.basis === previous ? options.watched : undefined;
  for (const { source, relative } of inScope.filter((s) => inShard(s.relative, options.shard))) {
    const previousRecord = previous?.documents[relative];
    // An embargo that lifted (or a clock set back before it) changes the page and the listings: rebuilt, even outside `files`.
    const flipped = previousRecord !== undefined && embargoChanged(previousRecord, options.now ?? new Date());
    const record = flipped ? undefined : previousRecord;
    const wanted = !selected || selected.has(source) || flipped;
    if (record && !wanted) {
      kept[relative] = record;
      continue;
    }
    const facts = sourceFacts(source, record, watched);
    const same = record && !options.force && sameStat(record.stat, facts);
    if (same && upToDateNow(record, inputs, outputs) === true) kept[relative] = record;
    else rest.push({ source, relative, record, wanted, facts });
  }
  await forEachLimited(rest, 32, async ({ source, relative, record, wanted, facts }) => {
    if (record && !options.force && sameStat(record.stat, facts)) {
      const check = { inputs, source: record.source, contentDir, outDir, digests, outputs };
      if (await isUpToDate(record, check)) {
        kept[relative] = record;
        return;
      }
    }
    const bytes = await readFile(source);
    const hash = sha256(bytes);
    const check = { inputs, source: hash, contentDir, outDir, digests, outputs };
    if (record && !options.force && (await isUpToDate(record, check))) kept[relative] = { ...record, stat: facts };
    else candidates.push({ source, relative, bytes, hash, stat: facts, build: wanted });
  });
  candidates.sort((a, b) => (a.source < b.source ? -1 : 1));
  return { candidates, toBuild: candidates.filter((c) => c.build), kept, digests };
}

/**
 * True when the manifest's fonts, collections and inputs all still hold, so
 * nothing needs writing. `collectionsKey` gives the current key of the
 * collections (a later stage computes it, so it is passed in).
 */
export async function nothingElseToDo(
  previous: Manifest | undefined,
  inputs: Inputs,
  kept: Readonly<Record<string, DocumentRecord>>,
  outDir: string,
  shard: Shard | undefined,
  collectionsKey: () => Promise<string>,
): Promise<boolean> {
  if (!previous || stableJson(previous.inputs) !== stableJson(inputs)) return false;
  if (previous.shard !== (shard ? formatShard(shard) : undefined)) return false;
  if (Object.keys(previous.documents).length !== Object.keys(kept).length) return false; // a release was deleted
  const needed = [...new Set(Object.values(kept).flatMap((r) => r.fontSets))].sort();
  if (stableJson(needed) !== stableJson(Object.keys(previous.fonts.sets).sort())) return false;
  if (!(await allExist(outDir, Object.values(previous.fonts.sets).flat()))) return false;
  if (shard) return true;
  const collections = previous.collections;
  return collections?.key === (await collectionsKey()) && (await allExist(outDir, collections.outputs));
}

/** Records in source order, so the manifest (and the collections' key) do not depend on which release finished first. */
export function sortedRecords<T>(records: Readonly<Record<string, T>>): Record<string, T> {
  return Object.fromEntries(Object.entries(records).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Whether any kept record's source stat differs from the previous manifest's (a file touched, not changed). */
export function restatted(previous: Readonly<Record<string, DocumentRecord>>, kept: Readonly<Record<string, DocumentRecord>>): boolean {
  return Object.entries(kept).some(([relative, record]) => {
    const old = previous[relative]?.stat;
    return record.stat ? !sameStat(old, record.stat) : old !== undefined;
  });
}

/**
 * Whether the kept records are the previous manifest's, all of them, each the
 * same or differing only in its stat: then the collections, digested from
 * them, are what they were, and the records need not be digested again.
 */
export function keptAsRecorded(previous: Manifest, kept: Readonly<Record<string, DocumentRecord>>): boolean {
  const before = previous.documents;
  if (Object.keys(before).length !== Object.keys(kept).length) return false;
  return Object.entries(kept).every(([relative, record]) => {
    const old = before[relative];
    if (old === record) return true;
    if (!old) return false;
    // A touched file's record is `{ ...old, stat }` (planBuild): the same values, by reference.
    const values = new Map(Object.entries(record));
    const oldValues = Object.entries(old);
    return oldValues.length === values.size && oldValues.every(([name, value]) => name === 'stat' || values.get(name) === value);
  });
}

/** Whether a record was made on the other side of its embargo from `now`: its page (banner) and the listings are then out of date. */
export function embargoChanged(record: DocumentRecord, now: Date): boolean {
  const listing = record.listing;
  return listing?.embargo !== undefined && isEmbargoed(listing.embargo, now) !== (listing.embargoed === true);
}
