// What the collections derive from each release's record, derived once per
// record. A build takes its records from the manifest the last build wrote,
// and in a process that builds again (npm run dev) those are the very objects
// the last build kept or made (incremental/manifest.ts): an edit among 10,000
// releases then derives these for the release that changed, not for all
// (the collections' key, the listing's digests: 0.3 s an edit at 10,000).
// Nothing changes a record, or what is made from it here, once made.
import type { ListedRelease } from '../core/types.ts';
import { sha256, stableJson } from '../incremental/manifest.ts';
import type { DocumentRecord } from '../incremental/manifest-types.ts';
import { shownRecord } from './pack-changes.ts';

const listed = new WeakMap<DocumentRecord, ListedRelease>();
const shown = new WeakMap<DocumentRecord, string>();
const digests = new WeakMap<ListedRelease, string>();

/** The listing's view of a record: its front matter facts and the PDF's size and pages; undefined without a listing. */
export function listedRelease(record: DocumentRecord): ListedRelease | undefined {
  const listing = record.listing;
  if (!listing) return undefined;
  return madeOnce(listed, record, () => {
    const pdf = record.outputs.find((o) => o.path.endsWith('.pdf'));
    return { ...listing, ...(pdf ? { pdf: { bytes: pdf.bytes, pages: pdf.pages ?? 0 } } : {}) };
  });
}

/** `stableJson(shownRecord(record))`: the record as the collections' key covers it. */
export function shownRecordJson(record: DocumentRecord): string {
  return madeOnce(shown, record, () => stableJson(shownRecord(record)));
}

/** A digest of everything a listing page can show of `release`. */
export function listedDigest(release: ListedRelease): string {
  return madeOnce(digests, release, () => sha256(stableJson(release)));
}

function madeOnce<K extends object, V>(made: WeakMap<K, V>, key: K, make: () => V): V {
  let value = made.get(key);
  if (value === undefined) {
    value = make();
    made.set(key, value);
  }
  return value;
}
