// Atomic writes and the output lock, without a browser.
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { forEachLimited } from '../../scripts/pipeline/core/for-each-limited.ts';
import { LockError, lockName, lockOutput } from '../../scripts/pipeline/write/lock.ts';
import { copyFileAtomic, OutputError, writeFileAtomic } from '../../scripts/pipeline/write/write-output.ts';
import { tempDir } from '../helpers/project.ts';

// tempDir() folders are removed after the file (tests/helpers/remove-temp-dirs.ts).

describe('writeFileAtomic', () => {
  it('replaces a file whole and leaves no temporary file', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'a/b/page.html');
    await writeFileAtomic(file, 'old');
    await writeFileAtomic(file, 'new');
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(readdirSync(path.dirname(file))).toEqual(['page.html']);
  });

  it('keeps the old file and says why when the folder is unusable', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'blocker'), 'x');
    const error = await writeFileAtomic(path.join(dir, 'blocker/page.html'), 'x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutputError);
    expect((error as OutputError).message).toMatch(/^Output folder not usable: .*blocker \((ENOTDIR|EEXIST)\)$/);
  });

  it('describes a full disk in one line', () => {
    const file = path.join(process.cwd(), 'out/x.pdf');
    const error = new OutputError(file, Object.assign(new Error('no space'), { code: 'ENOSPC' }));
    expect(error.message).toBe('Disk full: could not write out/x.pdf (ENOSPC); free some space and build again');
    expect(new OutputError(file, Object.assign(new Error('ro'), { code: 'EROFS' })).message).toBe(
      'Output folder not writable: could not write out/x.pdf (EROFS)',
    );
  });

  it('copies atomically and skips an identical copy', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'src.png'), 'png');
    expect(await copyFileAtomic(path.join(dir, 'src.png'), path.join(dir, 'out/dst.png'))).toBe(true);
    expect(await copyFileAtomic(path.join(dir, 'src.png'), path.join(dir, 'out/dst.png'))).toBe(false);
    expect(readdirSync(path.join(dir, 'out'))).toEqual(['dst.png']);
  });

  it('copies again when the bytes differ, even at the same size and an older mtime', async () => {
    const dir = tempDir();
    const [source, target] = [path.join(dir, 'src.png'), path.join(dir, 'out/dst.png')];
    writeFileSync(source, 'png1');
    expect(await copyFileAtomic(source, target)).toBe(true);
    writeFileSync(source, 'png2');
    utimesSync(source, new Date('2001-01-01'), new Date('2001-01-01'));
    expect(await copyFileAtomic(source, target)).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('png2');
  });
});

describe('forEachLimited', () => {
  it('starts nothing new after a failure and lets the ones in flight finish', async () => {
    const finished: number[] = [];
    const run = forEachLimited([1, 2, 3, 4, 5, 6], 2, async (n) => {
      await new Promise((resolve) => setTimeout(resolve, n === 1 ? 5 : 30));
      if (n === 1) throw new Error('boom');
      finished.push(n);
    });
    await expect(run).rejects.toThrow('boom');
    expect(finished).toEqual([2]);
  });
});

describe('lockOutput', () => {
  it('locks, refuses a second lock held by a live process, and releases', async () => {
    const dir = path.join(tempDir(), 'out');
    const lock = await lockOutput(dir);
    expect(existsSync(path.join(dir, lockName))).toBe(true);
    // The same file, held by a live process (this one's parent stands in for another build).
    writeFileSync(lock.file, JSON.stringify({ pid: process.ppid, host: hostname(), started: 'now' }));
    await expect(lockOutput(dir)).rejects.toThrow(LockError);
    await expect(lockOutput(dir)).rejects.toThrow(/is in use by another build \(PID \d+ on .*\); wait for it to finish/);
    // Not ours any more: release leaves it.
    await lock.release();
    expect(existsSync(lock.file)).toBe(true);
  });

  it('takes over a stale or unreadable lock', async () => {
    const dir = path.join(tempDir(), 'out');
    mkdirSync(dir);
    writeFileSync(path.join(dir, lockName), JSON.stringify({ pid: 4194305, host: hostname(), started: 'then' }));
    const lock = await lockOutput(dir);
    expect(lock.tookOver).toBe(true);
    await lock.release();
    expect(existsSync(path.join(dir, lockName))).toBe(false);
    writeFileSync(path.join(dir, lockName), '{half');
    const again = await lockOutput(dir);
    expect(again.tookOver).toBe(true);
    await again.release();
  });

  it('treats a lock from another host as held', async () => {
    const dir = path.join(tempDir(), 'out');
    mkdirSync(dir);
    writeFileSync(path.join(dir, lockName), JSON.stringify({ pid: 1, host: 'elsewhere.example', started: 'then' }));
    await expect(lockOutput(dir)).rejects.toThrow(LockError);
  });
});
