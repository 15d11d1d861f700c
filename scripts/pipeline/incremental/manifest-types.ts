// The manifest's shape: the records a build keeps of what it made, and the
// version that says whether an old file can be read. Kept apart from the reading,
// writing and checking in manifest.ts: most stages need only the records' shape.
import type { ListedRelease } from '../core/types.ts';

// 2: documents carry `stat` (size, mtime, ctime, inode) so a plan hashes only sources whose stat changed.
export const manifestVersion = 2;

/** Digests of what every document depends on; any change rebuilds everything. */
export interface Inputs {
  /** This program: package.json version, lock file, scripts/pipeline sources. */
  readonly pipeline: string;
  /** Every file under templates/ (layouts, partials, CSS, fonts.yml). */
  readonly templates: string;
  /** The bytes of content/site.yml. */
  readonly config: string;
  /** Font packages and their versions. */
  readonly fonts: string;
  /** Chromium's version string, or `none` when no PDF is made. */
  readonly browser: string;
  readonly formats: string;
  /** SOURCE_DATE_EPOCH, which sets the PDF dates. */
  readonly epoch: string;
}

export interface OutputRecord {
  /** Relative to the output folder, `/` separators. */
  readonly path: string;
  readonly bytes: number;
  readonly pages?: number;
}

/** Cheap facts about a source file; equal facts mean the bytes need not be read again. */
export interface SourceStat {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
  readonly ino: number;
}

export interface DocumentRecord {
  /** The source's stat when it was hashed; absent in records from before version 2. */
  readonly stat?: SourceStat | undefined;
  /** Digest of the inputs, the source and the images; `''` after a failure, so it is retried. */
  readonly key: string;
  readonly source: string;
  /** Images the page uses, relative to the content folder, with their digests. */
  readonly images: Readonly<Record<string, string>>;
  /** The page and the PDF, with what the listing shows about them. */
  readonly outputs: readonly OutputRecord[];
  /** Font sets the page links (`base`, `ja`). */
  readonly fontSets: readonly string[];
  /** What the listing shows; absent when the release did not load. */
  readonly listing?: Omit<ListedRelease, 'pdf'>;
}

export interface BrowserRecord {
  readonly executable: string;
  readonly mtimeMs: number;
  readonly size: number;
  readonly version: string;
}

export interface Manifest {
  readonly version: typeof manifestVersion;
  readonly inputs: Inputs;
  readonly browser?: BrowserRecord | undefined;
  /** `i/n` when this folder holds one shard of a build. */
  readonly shard?: string | undefined;
  readonly fonts: { readonly packages: readonly string[]; readonly sets: Readonly<Record<string, readonly string[]>> };
  /** Keyed by source path relative to the content folder, `/` separators. */
  readonly documents: Readonly<Record<string, DocumentRecord>>;
  /** The listing (and whatever else is built from all documents): digest and files. */
  readonly collections?: CollectionsRecord | undefined;
}

export interface CollectionsRecord {
  /** Digest of everything the collections show; `''` after a pack failed, so they are made again. */
  readonly key: string;
  readonly outputs: readonly string[];
  /** Digest of what each listing page (index, category) showed, by output path: an equal digest is not rendered again. */
  readonly pages?: Readonly<Record<string, string>> | undefined;
  /** The font files each listing page links (collections/listing-fonts.ts). */
  readonly listingFonts?: ListingFontsRecord | undefined;
  /** Each pack built, by its file relative to the packs folder: rebuilt only when its inputs or releases change. */
  readonly packs?: Readonly<Record<string, PackRecord>> | undefined;
  /** Digest of the pack files (collections.ts packsDigest), so a build with no record changed need not digest every record. */
  readonly packFiles?: string | undefined;
}

export interface ListingFontsRecord {
  /** Digest of the build's inputs they were written with: other inputs (fonts.yml) write them again. */
  readonly inputs: string;
  /** The files of each font set the listing wrote, by set name (as `Manifest.fonts.sets`). */
  readonly sets: Readonly<Record<string, readonly string[]>>;
  /** The sets each listing page links, by output path: a page kept as it is keeps them. */
  readonly pages: Readonly<Record<string, readonly string[]>>;
}

export interface PackRecord {
  /** Digest of the build's inputs, the pack file and the records of the releases it printed. */
  readonly key: string;
  /** The releases it printed, relative to the content folder. */
  readonly releases: readonly string[];
  readonly outputs: readonly string[];
  /** What the index shows of it. */
  readonly title: string;
  readonly pages?: number | undefined;
}
