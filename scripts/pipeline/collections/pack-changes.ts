// Whether a pack must be printed again. A pack's record (incremental/manifest-types.ts)
// keeps a digest of the build's inputs, its file and the records of the releases
// it printed; it is rebuilt when that digest moves (a release in it changed,
// failed or was deleted, its file or a template changed) or when a release
// that changed in this build could join it (a slug it lists, its category and
// dates, a language version of one it printed). Otherwise its files stand and
// no release is loaded for it, however large the archive.
import { readFile } from 'node:fs/promises';
import { slugify } from '../core/slugify.ts';
import { digest, sha256 } from '../incremental/manifest.ts';
import type { DocumentRecord, PackRecord } from '../incremental/manifest-types.ts';
import type { PackDefinition } from '../schema/pack-schema.ts';

type Documents = Readonly<Record<string, DocumentRecord>>;

/** A record as the collections see it: without the source's stat, which only says when it was last hashed. */
export function shownRecord(record: DocumentRecord | undefined): Omit<DocumentRecord, 'stat'> | undefined {
  if (!record) return undefined;
  const { stat: _stat, ...shown } = record;
  return shown;
}

/** The records that differ from the last build's (new ones included), by source relative to the content folder. */
export function changedDocuments(previous: Documents | undefined, documents: Documents): Map<string, DocumentRecord> {
  const changed = new Map<string, DocumentRecord>();
  for (const [relative, record] of Object.entries(documents)) {
    const old = previous?.[relative];
    if (old === record) continue;
    if (digest(shownRecord(old) ?? null) !== digest(shownRecord(record))) changed.set(relative, record);
  }
  return changed;
}

/** The digest a pack's record keeps: the inputs, the pack file's bytes, and the records of the releases it printed. */
export function packKey(inputs: string, packBytes: Uint8Array, releases: readonly string[], documents: Documents): string {
  return digest(
    inputs,
    sha256(packBytes),
    releases.map((relative) => [relative, shownRecord(documents[relative]) ?? null]),
  );
}

/** Could this changed release be in the pack now? Errs towards yes: a record from before tags were kept may have the pack's tag. */
export function mayJoin(definition: PackDefinition, relative: string, record: DocumentRecord, versionKeys: ReadonlySet<string>): boolean {
  const listing = record.listing;
  if (listing?.key !== undefined && versionKeys.has(listing.key)) return true;
  const slugs = definition.releases?.map((slug) => slug.replace(/\.md$/, ''));
  if (slugs) return slugs.some((slug) => listing?.slug === slug || relative.endsWith(`${slug}.md`));
  if (!listing) return false;
  const select = definition.select;
  if (select?.category && listing.category?.slug !== slugify(select.category)) return false;
  if (select?.from && listing.date < select.from) return false;
  if (select?.to && listing.date > select.to) return false;
  // As load/select-pack-releases.ts selectReleases compares them: without case.
  const tag = select?.tag?.toLowerCase();
  if (tag !== undefined && listing.tags !== undefined && !listing.tags.some((t) => t.toLowerCase() === tag)) return false;
  return true;
}

export interface PackCheck {
  readonly source: string;
  readonly definition: PackDefinition | undefined;
  readonly old: PackRecord | undefined;
  readonly inputs: string;
  readonly documents: Documents;
  readonly changed: ReadonlyMap<string, DocumentRecord>;
}

/** The last build's record of the pack when it still holds (its files are checked by the caller); undefined to rebuild. */
export async function unchangedPack(check: PackCheck): Promise<PackRecord | undefined> {
  const { old, definition } = check;
  if (!old || old.key === '' || !definition) return undefined;
  const bytes = await readFile(check.source);
  if (packKey(check.inputs, bytes, old.releases, check.documents) !== old.key) return undefined;
  // Language versions of a release it printed, or of one it lists, may take its place (`lang:`).
  const versionKeys = new Set<string>();
  for (const relative of old.releases) {
    const key = check.documents[relative]?.listing?.key;
    if (key !== undefined) versionKeys.add(key);
  }
  for (const [relative, record] of check.changed) if (mayJoin(definition, relative, record, versionKeys)) return undefined;
  return old;
}
