// `--merge` writes the output folder as a build does, so it takes the same
// lock: a merge into a folder a build is writing is turned away, and a merge
// that stops leaves no lock behind.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../scripts/pipeline/core/errors.ts';
import { mergeShards } from '../../scripts/pipeline/merge.ts';
import { LockError, lockName } from '../../scripts/pipeline/write/lock.ts';
import { tempDir, templatesDir } from '../helpers/project.ts';

const work = tempDir('briefing-merge-lock-');
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('mergeShards', () => {
  const out = path.join(work, 'out');
  const shard = path.join(work, 'not-a-shard');
  const merge = () => mergeShards({ shardDirs: [shard], outDir: out, contentDir: work, templatesDir });

  it('is turned away while a build holds the output folder', async () => {
    mkdirSync(out, { recursive: true });
    mkdirSync(shard, { recursive: true });
    // A live build (this test's parent stands in for it) holds the folder.
    writeFileSync(path.join(out, lockName), JSON.stringify({ pid: process.ppid, host: hostname(), started: 'now' }));
    await expect(merge()).rejects.toThrow(LockError);
    rmSync(path.join(out, lockName));
  });

  it('releases the lock when it stops', async () => {
    await expect(merge()).rejects.toThrow(UsageError); // no shard manifest in that folder
    expect(existsSync(path.join(out, lockName))).toBe(false);
  });
});
