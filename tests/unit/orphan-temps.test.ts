// A build killed mid-write (kill -9) leaves `.<name>.<pid>.<hex>.tmp` files and
// a stale lock; the next build takes the lock over and removes them.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockName, withOutputLock } from '../../scripts/pipeline/write/lock.ts';
import { tempDir } from '../helpers/project.ts';

describe('orphan temporary files', () => {
  it('are removed by the build that takes over a stale lock, and nothing else is', async () => {
    const out = tempDir();
    mkdirSync(path.join(out, 'nato'));
    const orphans = [path.join(out, '.a.pdf.4242.deadbeef.tmp'), path.join(out, 'nato', '.b.html.4242.0123abcd.tmp')];
    for (const file of orphans) writeFileSync(file, 'half');
    writeFileSync(path.join(out, 'keep.pdf'), 'good');
    // PID 2^22 + 1 is above Linux's pid_max limit: no such process can exist.
    writeFileSync(path.join(out, lockName), `${JSON.stringify({ pid: 4194305, host: hostname(), started: '2020-01-01T00:00:00Z' })}\n`);
    await withOutputLock(out, async () => undefined);
    for (const file of orphans) expect(existsSync(file)).toBe(false);
    expect(existsSync(path.join(out, 'keep.pdf'))).toBe(true);
  });

  it('are left alone when no build was killed (no stale lock)', async () => {
    const out = tempDir();
    const file = path.join(out, '.a.pdf.4242.deadbeef.tmp');
    writeFileSync(file, 'half');
    await withOutputLock(out, async () => undefined);
    expect(existsSync(file)).toBe(true);
  });
});
