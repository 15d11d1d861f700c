// A build stopped by Ctrl-C or `kill` (SIGINT, SIGTERM) at any moment exits
// with 130 / 143 and one line saying so, and leaves nothing behind: no browser
// profile or Chromium temporary folder, no Chromium process, nothing written
// into its TMPDIR afterwards, no lock or temporary file in the output folder,
// no half-written output; and the next build into that folder builds it all.
// Before, Node's default for these signals skipped every cleanup, and a
// previous fix that removed the profile while Chromium's processes were still
// starting or shutting down found them writing into it again.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InterruptedBuild, type Interruption, interruptBuild, listAll, processesUsing } from '../helpers/interrupted-build.ts';
import { cliArgs, root, runBuild, tempDir } from '../helpers/project.ts';

const content = path.join(tempDir('bp-int-content-'), 'content');
const releases = 8;
const exitCodes = { SIGINT: 130, SIGTERM: 143 } as const;

beforeAll(() => {
  mkdirSync(content);
  for (let i = 1; i <= releases; i++) {
    const n = String(i).padStart(2, '0');
    const body = Array.from({ length: 40 }, (_, k) => `Paragraph ${k + 1} of release ${n}, with enough words to fill a line or two.`);
    writeFileSync(
      path.join(content, `2024-02-${n}-release-${n}.md`),
      `---\ntitle: Release ${n}\ndate: 2024-02-${n}\n---\n\n${body.join('\n\n')}\n`,
    );
  }
  // The CLI's bundle is made before any build is timed.
  expect(spawnSync(process.execPath, cliArgs('build', '--help'), { cwd: root }).status).toBe(0);
});

/** Files in the output folder that are temporary, locks, or not complete. */
function unfinishedOutputs(out: string): string[] {
  return listAll(out).filter((file) => {
    const name = path.basename(file);
    if (name.endsWith('.tmp') || name.startsWith('.briefing.lock')) return true;
    if (name.endsWith('.pdf')) return !readFileSync(path.join(out, file)).subarray(-16).toString('latin1').includes('%%EOF');
    if (name.endsWith('.html')) return !readFileSync(path.join(out, file), 'utf8').trimEnd().endsWith('</html>');
    return false;
  });
}

/** Exit code, one line, and nothing of its Chromium left; `outputs`: the output folder holds no unfinished file either. */
async function expectStoppedCleanly(build: InterruptedBuild, signal: keyof typeof exitCodes, outputs = true): Promise<void> {
  expect(build.code, build.stderr).toBe(exitCodes[signal]);
  const lines = build.stderr.trim().split('\n');
  expect(lines.at(-1), build.stderr).toMatch(new RegExp(`^Interrupted \\(${signal}\\): stopped; files already written are complete`));
  expect(
    lines.filter((line) => /interrupted|error|failed/i.test(line)),
    build.stderr,
  ).toHaveLength(1);
  expect(listAll(build.tmp)).toEqual([]);
  expect(processesUsing(build.tmp)).toEqual([]);
  // Nothing comes back: no process of the build's Chromium is left to write.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  expect(listAll(build.tmp)).toEqual([]);
  if (outputs) expect(unfinishedOutputs(build.out)).toEqual([]);
}

/** The next build into the stopped build's folder builds every release and leaves the folder and TMPDIR clean. */
function expectNextBuildCompletes(stopped: InterruptedBuild): void {
  const next = runBuild(['--content', content, '--out', stopped.out, '--keep-browser', '0'], root, { TMPDIR: stopped.tmp });
  expect(next.status, next.stderr).toBe(0);
  expect(next.stderr).toMatch(new RegExp(`${releases} built, 0 failed`));
  const outputs = listAll(stopped.out).filter((file) => /^2024-.*\.(html|pdf)$/.test(file));
  expect(outputs).toHaveLength(2 * releases);
  expect(unfinishedOutputs(stopped.out)).toEqual([]);
  expect(listAll(stopped.tmp)).toEqual([]);
}

describe('a build stopped by a signal', () => {
  const moments: Array<[string, Interruption]> = [
    ['right at start (the output folder just locked)', { moment: 'locked', signal: 'SIGTERM' }],
    ['by Ctrl-C as Chromium is launched', { moment: 'browser-starting', signal: 'SIGINT', toGroup: true }],
    ["in Chromium's first 150 ms", { moment: 'browser-starting', signal: 'SIGTERM', delayMs: 150 }],
    ['by Ctrl-C while printing', { moment: 'printing', signal: 'SIGINT', toGroup: true }],
  ];
  it.each(moments)('%s exits with its code and leaves nothing behind', async (_name, how) => {
    await expectStoppedCleanly(await interruptBuild(content, how), how.signal);
  });

  it('while printing, leaves an output folder the next build completes', async () => {
    const stopped = await interruptBuild(content, { moment: 'printing', signal: 'SIGTERM' });
    await expectStoppedCleanly(stopped, 'SIGTERM');
    expectNextBuildCompletes(stopped);
  });

  it('by Ctrl-C twice while printing exits at once; a write it cut short is cleaned up by the next build', async () => {
    const stopped = await interruptBuild(content, { moment: 'printing', signal: 'SIGINT', toGroup: true, againAfterMs: 30 });
    // No waiting for writes: one may leave its temporary file, and then the lock for the next build to take over.
    await expectStoppedCleanly(stopped, 'SIGINT', false);
    expectNextBuildCompletes(stopped);
  });
});

describe('a build using the browser kept warm between builds', () => {
  const runDir = path.join(tempDir('bp-int-run-'), 'run');
  const env = { XDG_RUNTIME_DIR: runDir, TMPDIR: tempDir('bp-int-keeper-') };
  const keepers = () =>
    spawnSync('pgrep', ['-f', `browser-keeper.mjs ${runDir}`], { encoding: 'utf8' })
      .stdout.split('\n')
      .filter(Boolean)
      .map(Number);

  afterAll(async () => {
    for (const pid of keepers()) process.kill(pid, 'SIGTERM');
    for (let waited = 0; keepers().length > 0 && waited < 10_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
  });

  it('is stopped without stopping that browser, which serves the next build', async () => {
    mkdirSync(runDir, { mode: 0o700 });
    const keep = ['--keep-browser', '60'];
    const first = runBuild(['--content', content, '--out', path.join(tempDir(), 'out'), ...keep], root, env);
    expect(first.status, first.stderr).toBe(0);
    const [keeper] = keepers();
    expect(keeper).toBeDefined();

    const stopped = await interruptBuild(content, { moment: 'printing', signal: 'SIGINT', toGroup: true }, { args: keep, env });
    await expectStoppedCleanly(stopped, 'SIGINT');
    expect(keepers()).toEqual([keeper]);

    const next = runBuild(['--content', content, '--out', stopped.out, ...keep], root, env);
    expect(next.status, next.stderr).toBe(0);
    expect(next.stderr).not.toContain('Chromium stays running'); // it used the kept browser, started no other
    expect(keepers()).toEqual([keeper]);
  });
});
