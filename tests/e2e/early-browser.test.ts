// A first build into an output folder (no manifest) starts Chromium before it
// plans, so the browser's start overlaps hashing the inputs, planning and
// reading the site config (print/early-browser.ts). Started so early, it is
// still ended when the build stops before printing, and a folder with no
// releases starts none.
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { build } from '../../scripts/pipeline/build.ts';
import { findBrowser } from '../../scripts/pipeline/print/find-browser.ts';
import { isRunning } from '../helpers/incremental.ts';
import { fixtures, tempDir, templatesDir } from '../helpers/project.ts';

const work = tempDir('briefing-early-');
const log = path.join(work, 'launches.log');
let saved: string | undefined;

/** The PIDs of the browsers started (the wrapper execs Chromium, so its PID is the browser's); `--version` probes not counted. */
const launched = (): number[] => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).map(Number) : []);

/** Waits on this thread (the build's callbacks are synchronous) until `done`, at most `ms`; whether it came. */
function waitSync(done: () => boolean, ms: number): boolean {
  const cell = new Int32Array(new SharedArrayBuffer(4));
  for (const end = Date.now() + ms; Date.now() < end; Atomics.wait(cell, 0, 0, 10)) if (done()) return true;
  return done();
}

beforeEach(async () => {
  const wrapper = path.join(work, 'chromium.sh');
  writeFileSync(
    wrapper,
    `#!/bin/sh\ncase "$*" in *--remote-debugging-pipe*) echo "$$" >> '${log}';; esac\nexec '${await findBrowser()}' "$@"\n`,
  );
  chmodSync(wrapper, 0o755);
  writeFileSync(log, '');
  saved = process.env.PUPPETEER_EXECUTABLE_PATH;
  process.env.PUPPETEER_EXECUTABLE_PATH = wrapper;
});

afterEach(() => {
  if (saved === undefined) delete process.env.PUPPETEER_EXECUTABLE_PATH;
  else process.env.PUPPETEER_EXECUTABLE_PATH = saved;
});

function content(name: string, fixture = 'with-image'): string {
  const dir = path.join(work, name);
  cpSync(path.join(fixtures, fixture), dir, { recursive: true });
  return dir;
}

describe('a first build', () => {
  it('has Chromium starting by the time it has planned, and prints with that one browser', async () => {
    let startedBeforePlan: boolean | undefined;
    const report = await build({
      contentDir: content('first'),
      outDir: path.join(work, 'first-out'),
      templatesDir,
      onPlan: () => {
        startedBeforePlan = waitSync(() => launched().length > 0, 10_000);
      },
    });
    expect(startedBeforePlan).toBe(true);
    expect(report.failed).toBe(0);
    expect(report.built).toBeGreaterThan(0);
    expect(launched()).toHaveLength(1);
  });

  it('ends the browser it started when the site config stops it before printing', async () => {
    const dir = content('broken-config');
    writeFileSync(path.join(dir, 'site.yml'), `${readFileSync(path.join(dir, 'site.yml'), 'utf8')}\nprint_timeout_seconds: -5\n`);
    await expect(build({ contentDir: dir, outDir: path.join(work, 'broken-out'), templatesDir })).rejects.toThrow(
      'The site config has errors',
    );
    expect(launched()).toHaveLength(1);
    expect(launched().filter(isRunning)).toEqual([]);
  });

  it('starts no browser for a folder with no release', async () => {
    const dir = path.join(work, 'empty');
    mkdirSync(dir);
    cpSync(path.join(fixtures, 'with-image', 'site.yml'), path.join(dir, 'site.yml'));
    const report = await build({ contentDir: dir, outDir: path.join(work, 'empty-out'), templatesDir });
    expect(report.built).toBe(0);
    expect(launched()).toEqual([]);
  });
});
