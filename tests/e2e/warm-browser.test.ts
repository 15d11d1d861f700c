// --keep-browser: the first build starts a Chromium kept warm by a keeper, the
// next builds use it without launching another, print the same bytes as a
// cold build, fall back to a browser of their own when it is busy, and the
// keeper goes away cleanly. Each run here has its own socket folder.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../../scripts/pipeline/print/find-browser.ts';
import { digests, snapshot } from '../helpers/incremental.ts';
import { runBuild, sampleContent, tempDir } from '../helpers/project.ts';

const work = tempDir('briefing-warm-');
const content = path.join(work, 'content');
const runDir = path.join(work, 'run');
const launchLog = path.join(work, 'launches.log');
const release = path.join(content, '2023-04-04-hayashi-stoltenberg.md');
let env: NodeJS.ProcessEnv;

/** Chromium starts, not counting `--version`, which the build asks to key its manifest. */
const launches = () =>
  existsSync(launchLog)
    ? readFileSync(launchLog, 'utf8')
        .split('\n')
        .filter((line) => line.includes('--remote-debugging-pipe')).length
    : 0;
const keepers = () => {
  const found = spawnSync('pgrep', ['-f', `browser-keeper.mjs ${runDir}`], { encoding: 'utf8' });
  return found.stdout.split('\n').filter(Boolean).map(Number);
};
const socketFile = () => readdirSync(path.join(runDir, `briefing-press-${process.getuid?.()}`)).find((n) => n.endsWith('.sock'));
const build = (out: string, ...args: string[]) => {
  const result = runBuild(['--content', content, '--out', out, ...args], undefined, env);
  expect(result.status, result.stderr).toBe(0);
  return result;
};

beforeAll(async () => {
  cpSync(sampleContent, content, { recursive: true });
  mkdirSync(runDir, { mode: 0o700 });
  const wrapper = path.join(work, 'chromium.sh');
  writeFileSync(wrapper, `#!/bin/sh\necho "$$ $*" >> '${launchLog}'\nexec '${await findBrowser()}' "$@"\n`);
  chmodSync(wrapper, 0o755);
  env = { PUPPETEER_EXECUTABLE_PATH: wrapper, XDG_RUNTIME_DIR: runDir };
});

afterAll(() => {
  for (const pid of keepers()) process.kill(pid, 'SIGKILL');
});

describe('a browser kept warm between builds', () => {
  it('is not kept by default outside a terminal', () => {
    build(path.join(work, 'default'));
    expect(launches()).toBe(1);
    expect(keepers()).toEqual([]);
  });

  it('is started by the first build and used by the next, which prints the same bytes as a cold build', () => {
    const warmOut = path.join(work, 'warm');
    // The build that starts the kept browser says so; the next one, which uses it, does not.
    expect(build(warmOut, '--keep-browser', '60').stderr).toContain('Chromium stays running for your next build until idle for 60 s');
    expect(launches()).toBe(2);
    expect(keepers()).toHaveLength(1);

    writeFileSync(release, `${readFileSync(release, 'utf8')}\nOne more sentence.\n`);
    const second = build(warmOut, '--keep-browser', '60').stderr;
    expect(second).toMatch(/Building 1 release \(3 up to date\)[\s\S]*, 0 failed/);
    expect(second).not.toContain('Chromium stays running');
    expect(launches()).toBe(2);

    const coldOut = path.join(work, 'cold');
    build(coldOut, '--keep-browser', '0');
    expect(launches()).toBe(3);
    const pdfs = (out: string) => Object.entries(digests(snapshot(out))).filter(([name]) => name.endsWith('.pdf'));
    expect(pdfs(warmOut).length).toBeGreaterThan(1);
    expect(pdfs(warmOut)).toEqual(pdfs(coldOut));
  });

  it('is left alone while another build holds it: the build launches its own', async () => {
    const socket = connect(path.join(runDir, `briefing-press-${process.getuid?.()}`, socketFile() as string));
    const first = await new Promise<string>((resolve) => socket.once('data', (chunk) => resolve(String(chunk))));
    expect(first).toBe('OK\n');
    try {
      build(path.join(work, 'busy'), '--keep-browser', '60', '--force');
      expect(launches(), readFileSync(launchLog, 'utf8')).toBe(4);
    } finally {
      socket.destroy();
    }
    // Free again: the next build uses it.
    build(path.join(work, 'busy'), '--keep-browser', '60', '--force');
    expect(launches()).toBe(4);
  });

  it('ends with its Chromium and its socket on SIGTERM', async () => {
    const [keeper] = keepers();
    expect(keeper).toBeTypeOf('number');
    const chromium = execFileSync('pgrep', ['-P', String(keeper)], { encoding: 'utf8' }).trim();
    expect(chromium).not.toBe('');
    process.kill(keeper as number, 'SIGTERM');
    for (let i = 0; i < 100 && keepers().length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(keepers()).toEqual([]);
    expect(socketFile()).toBeUndefined();
    expect(spawnSync('kill', ['-0', chromium]).status).not.toBe(0);
  });
});
