// The releases the packs gather from. The build hands over the releases it
// loaded in this run; one it did not load (up to date, kept from the manifest;
// or any release under `--merge`) is loaded here only when a pack needs it,
// through the same load function as the build's, and once for all packs.
import path from 'node:path';
import type { VFile } from 'vfile';
import type { DocumentRecord } from '../incremental/manifest-types.ts';
import type { Pack } from '../load/load-packs.ts';
import { type LoadOptions, loadRelease, type Release } from '../load/load-release.ts';

/** A release as loaded, with its file (and its problems); `release` is absent when it did not load. */
export interface LoadedRelease {
  readonly file: VFile;
  readonly release?: Release | undefined;
}

export interface PackReleasesOptions extends LoadOptions {
  /** Every document of the build, keyed by source path relative to the content folder. */
  readonly documents: Readonly<Record<string, DocumentRecord>>;
  /** The releases this build loaded. */
  readonly releases?: readonly LoadedRelease[] | undefined;
}

export class PackReleases {
  /** Loaded or loading, by absolute source path. */
  private readonly loaded = new Map<string, Promise<LoadedRelease>>();
  /** The content-relative path of every release not loaded yet, with its slug when the manifest knows it. */
  private readonly unloaded = new Map<string, string | undefined>();
  /** Every slug the build knows, loaded or not. */
  private readonly slugs = new Set<string>();
  /** Loads this object started (a release is never loaded twice); for tests. */
  loads = 0;

  constructor(private readonly options: PackReleasesOptions) {
    for (const loaded of options.releases ?? []) {
      this.loaded.set(loaded.file.path, Promise.resolve(loaded));
      if (loaded.release) this.slugs.add(loaded.release.slug);
    }
    for (const [relative, record] of Object.entries(options.documents)) {
      if (record.listing) this.slugs.add(record.listing.slug);
      if (!this.loaded.has(this.source(relative))) this.unloaded.set(relative, record.listing?.slug);
    }
  }

  /** The releases `pack` may gather, sorted by source: every one loaded so far, and those it needs loaded now. */
  async forPack(pack: Pack): Promise<LoadedRelease[]> {
    await Promise.all(this.needed(pack).map((relative) => this.load(relative)));
    const all = await Promise.all(this.loaded.values());
    return all.sort((a, b) => (a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : 0));
  }

  /**
   * A pack that lists slugs needs those releases (a file named after the slug
   * too, for one that did not load, so its errors can be named). A slug that
   * names no release, and a selection by category, tag or date, need them all:
   * the first to suggest the nearest slug, the second to filter.
   */
  private needed(pack: Pack): string[] {
    const slugs = pack.definition.releases?.map((slug) => slug.replace(/\.md$/, ''));
    if (!slugs) return [...this.unloaded.keys()];
    if (slugs.some((slug) => !this.slugs.has(slug))) return [...this.unloaded.keys()];
    const found = new Set<string>();
    for (const [relative, slug] of this.unloaded) {
      if ((slug !== undefined && slugs.includes(slug)) || slugs.some((s) => relative.endsWith(`${s}.md`))) found.add(relative);
    }
    return [...found];
  }

  private load(relative: string): Promise<LoadedRelease> {
    const source = this.source(relative);
    let loading = this.loaded.get(source);
    if (!loading) {
      this.loads++;
      this.unloaded.delete(relative);
      const { contentDir, templatesDir, config } = this.options;
      loading = loadRelease(source, { contentDir, templatesDir, config });
      this.loaded.set(source, loading);
    }
    return loading;
  }

  private source(relative: string): string {
    return path.join(this.options.contentDir, relative);
  }
}
