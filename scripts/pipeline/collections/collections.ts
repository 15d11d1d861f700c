// What is built from all documents together, after them: the listing (index
// and category pages), the Atom feed, and the briefing packs of content/packs/.
// A normal build and `--merge` both call this step with the manifest's
// records, so it works the same sharded or not. Its digest (the build's
// inputs, every document's record and the pack definitions) lets a no-change
// build skip it.

import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DocumentResult, Format } from '../core/types.ts';
import type { BuildFonts } from '../fonts/write-font-sets.ts';
import { digest, sha256, stableJson } from '../incremental/manifest.ts';
import type { CollectionsRecord, DocumentRecord, Inputs, Manifest, PackRecord } from '../incremental/manifest-types.ts';
import { keptAsRecorded, sortedRecords } from '../incremental/plan.ts';
import { packsDir } from '../load/find-packs.ts';
import type { PrintPool } from '../print/print-pdf.ts';
import type { TemplateEngine } from '../render/render-template.ts';
import type { SiteConfig } from '../schema/config.ts';
import type { ListedPack } from './listing.ts';
import type { LoadedRelease } from './pack-releases.ts';
import { listedRelease, shownRecordJson } from './record-views.ts';

export interface CollectionsOptions {
  readonly contentDir: string;
  readonly outDir: string;
  readonly config: SiteConfig;
  readonly engine: TemplateEngine;
  /** Every document of the build, keyed by source path relative to the content folder. */
  readonly documents: Readonly<Record<string, DocumentRecord>>;
  readonly templatesDir: string;
  readonly formats: ReadonlySet<Format>;
  /** `Briefing Press <version>`, for the feed's generator. */
  readonly creator: string;
  readonly onDocument?: ((result: DocumentResult) => void) | undefined;
  /** The build's print pool, for the packs; without it they open one of their own. */
  readonly pool?: (() => Promise<PrintPool>) | undefined;
  /** The releases this build loaded, for the packs; any other a pack needs is loaded then (`--merge` has none). */
  readonly releases?: readonly LoadedRelease[] | undefined;
  /** The build's inputs: a change rebuilds every page and pack. */
  readonly inputs: Inputs;
  /** The last build's documents and collections: pages and packs that show nothing new are left as they are. */
  readonly previous?: Pick<Manifest, 'documents' | 'collections'> | undefined;
  /** The build's font sets and files, for the packs and the listing. */
  readonly fonts: BuildFonts;
}

export interface CollectionsOutcome {
  /** Files the collections own (written now or kept), relative to the output folder. */
  readonly outputs: readonly string[];
  /** One result per pack built now, reported like a release's. */
  readonly packs: readonly DocumentResult[];
  /** The listing pages' digests and the packs' records, for the next build. */
  readonly record: Pick<CollectionsRecord, 'pages' | 'listingFonts' | 'packs'>;
}

/** Digest of what the collections depend on: the build's inputs, every document's record, the pack files. */
export function collectionsKey(inputs: Inputs, documents: Readonly<Record<string, DocumentRecord>>, packs: string): string {
  // digest(inputs, shown records, packs), each record's JSON made once (record-views.ts). A record's stat
  // only says when its source was last hashed; the collections show nothing of it.
  const shown = Object.keys(documents)
    .sort()
    .map((name) => `${JSON.stringify(name)}:${shownRecordJson(documents[name] as DocumentRecord)}`);
  return sha256(`[${stableJson(inputs)},{${shown.join(',')}},${JSON.stringify(packs)}]`);
}

/** Digest of the pack definitions under content/packs/ (names and bytes); stable when there are none. */
export async function packsDigest(contentDir: string): Promise<string> {
  const dir = path.join(contentDir, packsDir);
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  const files = entries
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
  const parts = await Promise.all(files.map(async (file) => `${path.relative(dir, file)}:${sha256(await readFile(file))}`));
  return sha256(parts.join('\n'));
}

/** Writes the collections whose content changed: the listing pages, the feed, the packs. */
export async function writeCollections(options: CollectionsOptions): Promise<CollectionsOutcome> {
  const [{ writeListing }, { writeFeed }, { buildPacks }] = await Promise.all([
    import('./listing.ts'),
    import('./feed.ts'),
    import('./build-packs.ts'),
  ]);
  // An embargoed release has its page, but no listing, feed or pack names it until a build after the embargo.
  const listed = Object.values(options.documents).flatMap((record) => {
    const release = record.listing?.embargoed ? undefined : listedRelease(record);
    return release ? [release] : [];
  });
  const feed = await writeFeed(listed, { outDir: options.outDir, config: options.config, generator: options.creator });
  const inputs = digest(options.inputs);
  const packs = await buildPacks({
    contentDir: options.contentDir,
    outDir: options.outDir,
    engine: options.engine,
    config: options.config,
    formats: options.formats,
    templatesDir: options.templatesDir,
    onDocument: options.onDocument,
    pool: options.pool,
    documents: options.documents,
    releases: options.releases,
    inputs,
    previous: options.previous?.collections?.packs,
    previousDocuments: options.previous?.documents,
    fonts: options.fonts,
  });
  // The index lists the packs, so it is written after them.
  const listedPacks = Object.values(packs.records).map((p) => listedPack(p));
  const listing = await writeListing(listed, {
    ...{ outDir: options.outDir, config: options.config, engine: options.engine, packs: listedPacks },
    inputs,
    previous: options.previous?.collections?.pages,
    fonts: options.fonts,
    previousFonts: options.previous?.collections?.listingFonts,
  });
  const packOutputs = Object.values(packs.records).flatMap((p) => p.outputs);
  return {
    outputs: [...listing.outputs, feed, ...packOutputs],
    packs: packs.results,
    record: { pages: listing.pages, listingFonts: listing.fonts, packs: packs.records },
  };
}

/** The index's view of a pack that stands built. */
function listedPack(record: PackRecord): ListedPack {
  return {
    title: record.title,
    html: record.outputs.find((o) => o.endsWith('.html')),
    pdf: record.outputs.find((o) => o.endsWith('.pdf')),
    pages: record.pages,
  };
}

/**
 * The collections' key for the records kept by the plan: the one recorded when
 * they and the pack files are as recorded (10,000 records need not be digested).
 */
export async function currentCollectionsKey(
  contentDir: string,
  inputs: Inputs,
  previous: Manifest | undefined,
  kept: Readonly<Record<string, DocumentRecord>>,
): Promise<string> {
  const packFiles = await packsDigest(contentDir);
  const recorded = previous?.collections;
  if (previous && recorded?.key && recorded.packFiles === packFiles && keptAsRecorded(previous, kept)) return recorded.key;
  return collectionsKey(inputs, sortedRecords(kept), packFiles);
}
