// What `npm run dev` tells each build about the content folder: every path its
// watcher reported since the build that wrote the manifest now on disk began.
// The plan stats only those and takes the others' recorded stats
// (incremental/source-facts.ts): among 10,000 releases the other stats were
// 25-40 ms of each edit's wait for its preview. A change the watcher never
// reports (its event queue overflowed, a file hard-linked from elsewhere was
// edited there) is found by a full check once dev has been quiet a moment.
import { lastWrittenManifest } from '../pipeline/incremental/manifest-file.ts';
import type { Manifest } from '../pipeline/incremental/manifest-types.ts';
import { unnoticedChanges, type WatchedSources } from '../pipeline/incremental/source-facts.ts';
import { findReleases } from '../pipeline/load/find-releases.ts';

/** A build under way: what its plan may trust, and what to call when it has ended. */
export interface WatchedBuild {
  readonly watched: WatchedSources | undefined;
  ended(): Promise<void>;
}

export class ChangedSources {
  /** The manifest the last build wrote, and the paths reported since that build began. */
  private basis: { readonly manifest: Manifest; readonly changed: Set<string> } | undefined;
  /** The sets the watcher's reports go into: the basis's, and the running build's (its basis to be). */
  private readonly gathering = new Set<Set<string>>();

  constructor(
    private readonly contentDir: string,
    private readonly outDir: string,
  ) {}

  /** The watcher reported `file` (created, changed, renamed or removed). */
  saw(file: string): void {
    for (const set of this.gathering) set.add(file);
  }

  /** A build begins: it gathers what is reported from now on, which becomes the next basis if it writes a manifest. */
  begin(): WatchedBuild {
    const own = new Set<string>();
    this.gathering.add(own);
    const basis = this.basis;
    return {
      watched: basis && { basis: basis.manifest, changed: basis.changed },
      ended: async () => {
        this.gathering.delete(own);
        const written = await lastWrittenManifest(this.outDir);
        // Nothing new written (a failed build, or nothing to record): the basis stands, still gathering.
        if (written !== undefined && written === this.basis?.manifest) return;
        if (this.basis) this.gathering.delete(this.basis.changed);
        this.basis = written && { manifest: written, changed: own };
        if (this.basis) this.gathering.add(own);
      },
    };
  }

  /**
   * Whether the folder differs from the basis in a way the watcher did not
   * report: a release added, removed, or with another stat than recorded.
   * Those are counted as reported, so the build this calls for stats them.
   */
  async missed(): Promise<boolean> {
    const basis = this.basis;
    if (!basis) return false;
    // A folder that cannot be listed (removed, renamed) tells nothing: the next build says what is wrong.
    const sources = await findReleases(this.contentDir).catch(() => undefined);
    if (!sources || this.basis !== basis) return false; // or a build ended meanwhile: its own check comes later
    const missed = unnoticedChanges(basis.manifest, this.contentDir, sources).filter((file) => !basis.changed.has(file));
    for (const file of missed) this.saw(file);
    return missed.length > 0;
  }
}
