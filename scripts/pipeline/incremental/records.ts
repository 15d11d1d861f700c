// The manifest's record of one release after this build: built, failed, or
// only listed. What a record keeps decides what the next build rebuilds and
// which files it may remove, so each case is written once, here.
import { isEmbargoed, rfc3339 } from '../core/dates.ts';
import type { Format } from '../core/types.ts';
import type { Release } from '../load/load-release.ts';
import { documentKey, type FileDigests } from './manifest.ts';
import type { DocumentRecord, Inputs, OutputRecord } from './manifest-types.ts';
import type { Candidate } from './plan.ts';

type Listing = NonNullable<DocumentRecord['listing']>;

/** What the listing and the feed need of a release, kept in the manifest so a later build lists it without loading it. */
export function listingFacts(release: Release, now: Date): Listing {
  const embargo = release.embargo && rfc3339(release.embargo.instant);
  return {
    title: release.title,
    date: release.date,
    published: rfc3339(release.when.instant),
    ...(release.updated ? { updated: rfc3339(release.updated.instant) } : {}),
    type: release.type,
    key: release.key,
    ...(embargo ? { embargo, embargoed: isEmbargoed(embargo, now) } : {}),
    lang: release.lang,
    slug: release.slug,
    // Always, even empty: a record without them is from before they were kept, and a tag pack must assume it may match.
    tags: [...release.tags],
    ...(release.frontMatter.summary !== undefined ? { summary: release.frontMatter.summary } : {}),
    ...(release.category ? { category: release.category } : {}),
  };
}

/** Outside the selection (`npm run build -- file.md`) and never built: listed, not built. */
export function listedRecord(candidate: Candidate, listing: Listing | undefined): DocumentRecord {
  return { key: '', stat: candidate.stat, source: candidate.hash, images: {}, outputs: [], fontSets: [], ...(listing ? { listing } : {}) };
}

export interface BuiltRelease {
  readonly outputs: readonly OutputRecord[];
  readonly assets: ReadonlyArray<{ readonly source: string; readonly output: string }>;
  readonly fontSets: readonly string[];
}

/** A release built now: its key covers its source and the images it used, by content. */
export async function builtRecord(
  candidate: Candidate,
  built: BuiltRelease,
  context: { inputs: Inputs; digests: FileDigests; formats: ReadonlySet<Format>; old: DocumentRecord | undefined },
  listing: Listing | undefined,
): Promise<DocumentRecord> {
  const images: Record<string, string> = {};
  for (const asset of built.assets) images[asset.output.replace(/^assets\//, '')] = (await context.digests.get(asset.source)) ?? '';
  return {
    key: documentKey(context.inputs, candidate.hash, images),
    stat: candidate.stat,
    source: candidate.hash,
    images,
    // A build of some formats (--format html) leaves the other formats' files of the last build in place.
    outputs: [...built.outputs, ...(context.old?.outputs ?? []).filter((o) => !context.formats.has(formatOf(o.path)))],
    fontSets: built.fontSets,
    ...(listing ? { listing } : {}),
  };
}

/** A failed build leaves the last good files, so the manifest keeps owning them; the empty key retries it next time. */
export function failedRecord(candidate: Candidate, old: DocumentRecord | undefined, listing: Listing | undefined): DocumentRecord {
  return {
    key: '',
    stat: candidate.stat,
    source: candidate.hash,
    images: old?.images ?? {},
    outputs: old?.outputs ?? [],
    fontSets: old?.fontSets ?? [],
    // Never built: listing it would link the index, its category and the feed to pages that do not exist.
    ...(listing && (old?.outputs.length ?? 0) > 0 ? { listing } : {}),
  };
}

function formatOf(output: string): Format {
  return output.endsWith('.pdf') ? 'pdf' : 'html';
}
