// What is built from all documents together, after them: today the listing
// (index and category pages). A normal build and `--merge` both call this step
// with the manifest's records, so anything added here (packs, a feed) works the
// same sharded or not. Its digest lets a no-change build skip it.
import type { SiteConfig } from './config.ts';
import type { ListedRelease } from './listing.ts';
import { type DocumentRecord, digest, type Inputs } from './manifest.ts';
import type { TemplateEngine } from './render-template.ts';

export interface CollectionsOptions {
  readonly contentDir: string;
  readonly outDir: string;
  readonly config: SiteConfig;
  readonly engine: TemplateEngine;
  /** Every document of the build, keyed by source path relative to the content folder. */
  readonly documents: Readonly<Record<string, DocumentRecord>>;
}

/** Digest of what the collections depend on: the build's inputs and every document's record. */
export function collectionsKey(inputs: Inputs, documents: Readonly<Record<string, DocumentRecord>>): string {
  return digest(inputs, documents);
}

/** Writes every collection; returns the files written, relative to the output folder. */
export async function writeCollections(options: CollectionsOptions): Promise<string[]> {
  const { writeListing } = await import('./listing.ts');
  const listed = Object.values(options.documents).flatMap((record) => (record.listing ? [listedRelease(record.listing, record)] : []));
  return await writeListing(listed, { outDir: options.outDir, config: options.config, engine: options.engine });
}

/** The listing's view of a document: its front matter facts and the PDF's size and pages. */
export function listedRelease(listing: Omit<ListedRelease, 'pdf'>, record: DocumentRecord): ListedRelease {
  const pdf = record.outputs.find((o) => o.path.endsWith('.pdf'));
  return { ...listing, ...(pdf ? { pdf: { bytes: pdf.bytes, pages: pdf.pages ?? 0 } } : {}) };
}
