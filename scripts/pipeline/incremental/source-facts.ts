// A source's cheap facts (size, times, inode), which tell the plan whether the
// recorded hash still holds. Every build stats every source, except in a
// process that watches the content folder (npm run dev): there the watcher has
// said which files changed since the last build, and among 10,000 releases the
// 10,000 other stats were 25-40 ms of each edit's wait for its preview.
import { statSync } from 'node:fs';
import path from 'node:path';
import { toPosix } from './manifest.ts';
import type { DocumentRecord, Manifest, SourceStat } from './manifest-types.ts';

/** What a process watching the content folder knows (dev/changed-sources.ts). */
export interface WatchedSources {
  /**
   * The manifest the last build of this process wrote. The plan trusts a
   * record's stat only when its previous manifest is this very object: then no
   * other process has written the folder's manifest since.
   */
  readonly basis: Manifest;
  /** Every path the watcher reported since the build that wrote `basis` began. */
  readonly changed: ReadonlySet<string>;
}

/** The source's facts now: its record's, when the watcher vouches for them, else a fresh stat. */
export function sourceFacts(source: string, record: DocumentRecord | undefined, watched: WatchedSources | undefined): SourceStat {
  if (watched && record?.stat && !watched.changed.has(source)) return record.stat;
  return statFacts(source);
}

/** The source's size, times and inode, as a stat reads them now. */
function statFacts(source: string): SourceStat {
  const info = statSync(source);
  return { size: info.size, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs, ino: info.ino };
}

/**
 * A source's path relative to the content folder, `/` separators. The sources
 * are found under it, so mostly a slice: path.relative resolves both paths on
 * every call, 0.2 s for 10,000 sources on the no-change path.
 */
export function contentRelative(contentDir: string, source: string): string {
  const prefix = contentDir.endsWith(path.sep) ? contentDir : `${contentDir}${path.sep}`;
  return toPosix(source.startsWith(prefix) ? source.slice(prefix.length) : path.relative(contentDir, source));
}

export function sameStat(a: SourceStat | undefined, b: SourceStat): boolean {
  return !!a && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino;
}

/**
 * Sources whose stat differs from what `manifest` recorded, and sources it has
 * no record of (`sources` are the folder's releases now): what a watcher missed
 * (an overflowing event queue, a hard link edited elsewhere); removed ones by
 * the path they had.
 */
export function unnoticedChanges(manifest: Manifest, contentDir: string, sources: readonly string[]): string[] {
  const found: string[] = [];
  const listed = new Set<string>();
  for (const source of sources) {
    const relative = contentRelative(contentDir, source);
    listed.add(relative);
    const record = manifest.documents[relative];
    try {
      if (!record || !sameStat(record.stat, statFacts(source))) found.push(source);
    } catch {
      found.push(source); // gone since it was listed
    }
  }
  const removed = Object.keys(manifest.documents).filter((relative) => !listed.has(relative));
  return [...found, ...removed.map((relative) => path.join(contentDir, relative))];
}
