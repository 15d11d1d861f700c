// Faults that stop a build print one clear line and exit with code 2; a
// document that fails keeps its last good output; a second build on the same
// output folder is turned away; a stale lock is taken over.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { lockName } from '../../scripts/pipeline/write/lock.ts';
import { cliArgs, root, runBuild, sampleContent, tempDir } from '../helpers/project.ts';

const release = '2023-04-04-hayashi-stoltenberg';

function leftovers(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.name.endsWith('.tmp') || e.name === lockName)
    .map((e) => e.name);
}

/** The one line the CLI prints for a fatal problem. */
function errorLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  expect(lines.filter((l) => l.startsWith('error: '))).toHaveLength(1);
  return lines.find((l) => l.startsWith('error: ')) ?? '';
}

describe('exit code 2 with one line', () => {
  it('content folder missing', () => {
    const out = path.join(tempDir(), 'out');
    const result = runBuild(['--content', '/nonexistent/content', '--out', out]);
    expect(result.status).toBe(2);
    expect(errorLine(result.stderr)).toBe('error: Content folder not found: /nonexistent/content');
    expect(existsSync(out)).toBe(false);
  });

  it('output folder not writable (a file is in its way)', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'file'), 'x');
    const result = runBuild(['--content', sampleContent, '--out', path.join(dir, 'file/out')]);
    expect(result.status).toBe(2);
    expect(errorLine(result.stderr)).toMatch(/^error: Output folder not usable: .*file\/out \(ENOTDIR\)$/);
  });

  it('no browser', () => {
    const out = path.join(tempDir(), 'out');
    const result = runBuild(['--content', sampleContent, '--out', out], root, { PUPPETEER_EXECUTABLE_PATH: '/nonexistent/chromium' });
    expect(result.status).toBe(2);
    expect(errorLine(result.stderr)).toMatch(/^error: No Chromium or Chrome found/);
    expect(leftovers(out)).toEqual([]);
  });

  it('a browser that will not start: one line, exit 2, not a crash', () => {
    const dir = tempDir();
    const out = path.join(dir, 'out');
    // Answers --version like a browser (the plan asks it), then fails to start as one with a missing library does.
    const fake = path.join(dir, 'chromium');
    writeFileSync(
      fake,
      '#!/bin/sh\n[ "$1" = --version ] && { echo "Chromium 1.0"; exit 0; }\necho "error while loading shared libraries: libnss3.so" >&2\nexit 127\n',
    );
    chmodSync(fake, 0o755);
    const result = runBuild(['--content', sampleContent, '--out', out], root, { PUPPETEER_EXECUTABLE_PATH: fake });
    expect(result.status).toBe(2);
    expect(errorLine(result.stderr)).toMatch(
      /^error: Chromium \(.+\) exited while starting \(code 127\): .*libnss3\.so; check that it runs/,
    );
    expect(result.stderr).not.toMatch(/Internal error|\n\s+at /);
    expect(leftovers(out)).toEqual([]);
  });

  it('disk full while writing a PDF, keeping the last good one', () => {
    const out = path.join(tempDir(), 'out');
    expect(runBuild(['--content', sampleContent, '--out', out]).status).toBe(0);
    // Several PDFs print at once, so any of them may meet the full disk first: the test names none.
    const pdfs = readdirSync(out, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.pdf'));
    expect(pdfs).toContain(`${release}.pdf`);
    const before = new Map(pdfs.map((f) => [f, readFileSync(path.join(out, f))]));
    const result = spawnSync(
      process.execPath,
      [
        '--import',
        path.join(root, 'tests/helpers/fail-writes.mjs'),
        // The first build is up to date: force the PDF to be written again.
        ...cliArgs('build', '--content', sampleContent, '--out', out, '--force'),
      ],
      { cwd: root, encoding: 'utf8', env: { ...process.env, FAIL_WRITES: String.raw`\.pdf\.\d+\.[0-9a-f]+\.tmp$` } },
    );
    expect(result.status).toBe(2);
    const line = errorLine(result.stderr);
    expect(line).toMatch(/^error: Disk full: could not write .+\.pdf \(ENOSPC\); free some space and build again$/);
    // The message names the file relative to the working folder, however deep the checkout lies.
    expect(pdfs.some((f) => line.includes(path.relative(root, path.join(out, f))))).toBe(true);
    for (const [f, bytes] of before) expect(readFileSync(path.join(out, f)), f).toEqual(bytes);
    expect(leftovers(out)).toEqual([]);
  });

  it('disk full while writing the fonts: one line, and no release written before them', () => {
    const out = path.join(tempDir(), 'out');
    // Releases are rendered while the fonts are written (write-fonts.ts), but write nothing until they are.
    const result = spawnSync(
      process.execPath,
      [
        '--import',
        path.join(root, 'tests/helpers/fail-writes.mjs'),
        ...cliArgs('build', '--content', sampleContent, '--out', out, '--format', 'html'),
      ],
      { cwd: root, encoding: 'utf8', env: { ...process.env, FAIL_WRITES: String.raw`base\.css\.\d+\.[0-9a-f]+\.tmp$` } },
    );
    expect(result.status).toBe(2);
    expect(errorLine(result.stderr)).toMatch(/^error: Disk full: could not write .+assets\/fonts\/base\.css \(ENOSPC\)/);
    expect(readdirSync(out, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.html'))).toEqual([]);
    expect(leftovers(out)).toEqual([]);
  });
});

describe('last good output', () => {
  it('is kept when the document now fails', () => {
    const dir = tempDir();
    const content = path.join(dir, 'content');
    cpSync(sampleContent, content, { recursive: true });
    const out = path.join(dir, 'out');
    expect(runBuild(['--content', content, '--out', out]).status).toBe(0);
    const pdf = path.join(out, `${release}.pdf`);
    const mtime = statSync(pdf).mtimeMs;
    const source = path.join(content, `${release}.md`);
    writeFileSync(source, readFileSync(source, 'utf8').replace(/^date: .*$/m, 'date: 2023-02-30'));
    const result = runBuild(['--content', content, '--out', out]);
    expect(result.status).toBe(1);
    expect(statSync(pdf).mtimeMs).toBe(mtime);
    expect(existsSync(path.join(out, `${release}.html`))).toBe(true);
  });
});

describe('output lock', () => {
  let out: string;
  beforeAll(() => {
    out = path.join(tempDir(), 'out');
    mkdirSync(out);
  });

  it('turns away a second build while the first runs', async () => {
    const first = spawn(process.execPath, cliArgs('build', '--content', sampleContent, '--out', out), {
      cwd: root,
      stdio: 'ignore',
    });
    const done = new Promise<number | null>((resolve) => first.on('close', resolve));
    const lock = path.join(out, lockName);
    for (let i = 0; i < 200 && !existsSync(lock); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(existsSync(lock)).toBe(true);
    const second = runBuild(['--content', sampleContent, '--out', out]);
    expect(second.status).toBe(2);
    expect(errorLine(second.stderr)).toMatch(
      new RegExp(`^error: Output folder .* is in use by another build \\(PID ${first.pid} on .*\\); wait for it to finish$`),
    );
    expect(await done).toBe(0);
    expect(leftovers(out)).toEqual([]);
  });

  it('takes over a lock left by a build that died', () => {
    // PID 2^22 + 1 is above Linux's pid_max limit: no such process can exist.
    writeFileSync(
      path.join(out, lockName),
      JSON.stringify({ pid: 4194305, host: (spawnSync('hostname', { encoding: 'utf8' }).stdout || '').trim(), started: 'x' }),
    );
    const result = runBuild(['--content', sampleContent, '--out', out]);
    expect(result.status).toBe(0);
    expect(leftovers(out)).toEqual([]);
  });
});
