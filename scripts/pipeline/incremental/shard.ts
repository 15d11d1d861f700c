// Sharding for CI matrices: `--shard i/n` builds the releases whose source path
// hashes to i (mod n), so every shard sees a stable, even-ish subset however the
// archive grows; a final `--merge` combines the shards' output folders.
import { createHash } from 'node:crypto';

export interface Shard {
  /** 1-based. */
  readonly index: number;
  readonly count: number;
}

/** Parses `i/n` (1 ≤ i ≤ n); returns undefined for anything else. */
export function parseShard(text: string): Shard | undefined {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!match) return undefined;
  const index = Number(match[1]);
  const count = Number(match[2]);
  return index >= 1 && index <= count ? { index, count } : undefined;
}

export const formatShard = (shard: Shard): string => `${shard.index}/${shard.count}`;

/** Whether the release at `relativePath` (from the content folder, `/` separators) belongs to `shard`. */
export function inShard(relativePath: string, shard: Shard | undefined): boolean {
  if (!shard || shard.count === 1) return true;
  const bucket = createHash('sha256').update(relativePath).digest().readUInt32BE(0) % shard.count;
  return bucket === shard.index - 1;
}
