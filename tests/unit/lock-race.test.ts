// Two builds started together on a folder whose lock a killed build left
// behind: exactly one may take it over, every time. Each contender is a child
// process (the lock tells builds apart by PID), kept alive over all rounds so
// the 100 rounds take seconds, not a Node start each.
import { type ChildProcess, fork } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockName } from '../../scripts/pipeline/write/lock.ts';
import { root, tempDir } from '../helpers/project.ts';

const work = tempDir('briefing-lock-race-');
const out = path.join(work, 'out');
let contenders: ChildProcess[] = [];

interface Reply {
  readonly held?: boolean;
  readonly error?: string;
  readonly released?: boolean;
}

const ask = (child: ChildProcess, message: object): Promise<Reply> =>
  new Promise((resolve) => {
    child.once('message', (reply) => resolve(reply as Reply));
    child.send(message);
  });

beforeAll(async () => {
  const script = path.join(work, 'contender.mjs');
  await build({
    entryPoints: [path.join(root, 'tests/helpers/lock-contender.ts')],
    outfile: script,
    bundle: true,
    format: 'esm',
    platform: 'node',
    logLevel: 'error',
  });
  contenders = [fork(script), fork(script)];
  mkdirSync(out);
});

afterAll(() => {
  for (const child of contenders) child.kill();
  rmSync(work, { recursive: true, force: true });
});

describe('lockOutput under a race', () => {
  it('lets exactly one of two builds take over a stale lock, 100 times out of 100', async () => {
    const holders: number[] = [];
    for (let round = 0; round < 100; round++) {
      // A build killed with SIGKILL: its PID runs no more (above Linux's pid_max).
      writeFileSync(path.join(out, lockName), `${JSON.stringify({ pid: 4194305 + round, host: hostname(), started: 'then' })}\n`);
      const replies = await Promise.all(contenders.map((child) => ask(child, { do: 'take', dir: out })));
      holders.push(replies.filter((r) => r.held).length);
      for (const reply of replies) if (!reply.held) expect(reply.error).toBe('LockError');
      await Promise.all(contenders.map((child) => ask(child, { do: 'release' })));
    }
    expect(holders.filter((n) => n !== 1)).toEqual([]);
  }, 30_000);
});
