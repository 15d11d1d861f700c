// A build stopped with Ctrl-C or `kill` exits with 130 / 143 and leaves no
// browser profile or Chromium temporary folder behind (before, each such build
// left a /tmp/briefing-chromium-* folder).
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliArgs, root, sampleContent, tempDir } from '../helpers/project.ts';

const until = async (done: () => boolean, ms: number) => {
  for (const end = Date.now() + ms; Date.now() < end && !done(); ) await new Promise((r) => setTimeout(r, 50));
  return done();
};

describe('an interrupted build', () => {
  it('exits with 143 on SIGTERM and removes its browser profile', async () => {
    const dir = tempDir('briefing-interrupt-');
    const tmp = path.join(dir, 'tmp');
    mkdirSync(tmp);
    const child = spawn(
      process.execPath,
      cliArgs('build', '--content', sampleContent, '--out', path.join(dir, 'out'), '--keep-browser', '0'),
      {
        cwd: root,
        env: { ...process.env, NO_COLOR: '1', TMPDIR: tmp },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // The browser has started once its profile is there.
    const started = await until(() => readdirSync(tmp).some((n) => n.startsWith('briefing-chromium-')), 60_000);
    expect(started).toBe(true);
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    expect(stderr).toMatch(/Stopped \(SIGTERM\)/);
    expect(await until(() => readdirSync(tmp).length === 0, 10_000)).toBe(true);
  }, 120_000);
});
