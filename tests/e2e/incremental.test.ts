// The incremental rules, end to end through the CLI with real Chromium: what a
// change in a release, an image or a template rebuilds; that a build with
// nothing changed starts no browser, loads neither Puppeteer nor LiquidJS and
// writes nothing; that deleting a release removes only the files it had.
import { appendFileSync, cpSync, existsSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loggingBrowser, snapshot, touched } from '../helpers/incremental.ts';
import { fixtures, packagesLoaded, root, runBuild, sampleContent, tempDir, templatesDir } from '../helpers/project.ts';

const work = tempDir('briefing-incremental-');
const content = path.join(work, 'content');
const templates = path.join(work, 'templates');
const out = path.join(work, 'out');
const traceFile = path.join(work, 'imports.log');
const browser = loggingBrowser(work);
const env = {
  ...browser.env,
  BRIEFING_TRACE_IMPORTS: traceFile,
  NODE_OPTIONS: `--import=${path.join(root, 'tests/helpers/trace-imports.mjs')}`,
};

const build = (...args: string[]) => {
  writeFileSync(traceFile, '');
  const result = runBuild(['--content', content, '--templates', templates, '--out', out, ...args], root, env);
  expect(result.status, result.stderr).toBe(0);
  return result;
};
const summary = (stderr: string) => /\d+ built, \d+ failed.*/.exec(stderr)?.[0] ?? stderr;

const nato = '2023-04-04-hayashi-stoltenberg';
const route = '2024-01-15-route-map';
const extra = '2024-02-01-short-note';
const releaseFiles = (slug: string) => [`${slug}.html`, `${slug}.pdf`];

beforeAll(() => {
  cpSync(path.join(fixtures, 'with-image'), content, { recursive: true });
  cpSync(path.join(sampleContent, `${nato}.md`), path.join(content, `${nato}.md`));
  writeFileSync(path.join(content, `${extra}.md`), '---\ntitle: A short note\ndate: 2024-02-01\ncategory: Travel\n---\n\nOne paragraph.\n');
  cpSync(templatesDir, templates, { recursive: true });
  const cold = build();
  expect(summary(cold.stderr)).toMatch(/^3 built, 0 failed/);
  expect(browser.takeLaunches().length).toBeGreaterThan(0);
});

describe('incremental builds', () => {
  it('rebuilds nothing, starts no browser, loads no heavy module and writes nothing when nothing changed', () => {
    const before = snapshot(out);
    const result = build();
    expect(summary(result.stderr)).toMatch(/^0 built, 0 failed, 3 up to date/);
    expect(browser.takeLaunches()).toEqual([]);
    expect(touched(before, snapshot(out))).toEqual([]);
    const packages = packagesLoaded(readFileSync(traceFile, 'utf8').split('\n'));
    // The trace saw the run (its bundle was loaded), and no heavy package in it.
    expect(readFileSync(traceFile, 'utf8')).toMatch(/briefing-press\/[0-9a-f]+\/build\.js/);
    expect(
      packages.filter((p) => ['puppeteer', 'puppeteer-core', 'liquidjs', 'pdf-lib', 'unified', 'remark-parse', 'zod'].includes(p)),
    ).toEqual([]);
  });

  it('rebuilds nothing when a source is touched but its bytes are the same', () => {
    const file = path.join(content, `${extra}.md`);
    const later = new Date(Date.now() + 60_000);
    utimesSync(file, later, later);
    const before = snapshot(out);
    expect(summary(build().stderr)).toMatch(/^0 built, 0 failed, 3 up to date/);
    expect(browser.takeLaunches()).toEqual([]);
    // Only the manifest may change: it records the new stat, so the next plan does not read the file again.
    expect(touched(before, snapshot(out)).filter((f) => f !== '.briefing-manifest.json')).toEqual([]);
    const manifest = JSON.parse(readFileSync(path.join(out, '.briefing-manifest.json'), 'utf8')) as {
      version: number;
      documents: Record<string, { stat?: { mtimeMs: number } }>;
    };
    expect(manifest.version).toBe(2);
    expect(Math.abs((manifest.documents[`${extra}.md`]?.stat?.mtimeMs ?? 0) - later.getTime())).toBeLessThan(1);
  });

  it('rebuilds one release and the listing when that release changes', () => {
    const before = snapshot(out);
    appendFileSync(path.join(content, `${extra}.md`), '\nA second paragraph.\n');
    expect(summary(build().stderr)).toMatch(/^1 built, 0 failed, 2 up to date/);
    expect(touched(before, snapshot(out))).toEqual(
      ['.briefing-manifest.json', ...releaseFiles(extra), 'categories/travel.html', 'feed.xml', 'index.html'].sort(),
    );
    expect(readFileSync(path.join(out, `${extra}.html`), 'utf8')).toContain('A second paragraph.');
    // The same trace sees the heavy packages when there is work, bundled or not: the check above means something.
    const packages = packagesLoaded(readFileSync(traceFile, 'utf8').split('\n'));
    expect(packages).toEqual(expect.arrayContaining(['liquidjs', 'pdf-lib', 'puppeteer-core', 'unified', 'remark-parse', 'zod']));
    // Puppeteer only connects to the Chromium the build started: nothing of launching or downloading one (print/connect-browser.ts).
    expect(
      packages.filter((p) => ['@puppeteer/browsers', '@tootallnate/quickjs-emscripten', 'esprima', 'proxy-agent'].includes(p)),
    ).toEqual([]);
    // The SVG sanitizer's XML parser waits for an SVG (markdown/sanitize-svg.ts); this release has none.
    expect(packages).not.toContain('@xmldom/xmldom');
  });

  it('rebuilds the releases that show an image when the image changes', () => {
    const before = snapshot(out);
    const map = path.join(content, 'images/map.svg');
    writeFileSync(map, readFileSync(map, 'utf8').replace('</svg>', '<circle cx="5" cy="5" r="2"/></svg>'));
    expect(summary(build().stderr)).toMatch(/^1 built, 0 failed, 2 up to date/);
    const changed = touched(before, snapshot(out));
    expect(changed).toEqual(expect.arrayContaining([...releaseFiles(route), 'assets/images/map.svg']));
    expect(changed.filter((f) => f.startsWith(nato) || f.startsWith(extra))).toEqual([]);
  });

  it('rebuilds every release when a template or its CSS changes', () => {
    appendFileSync(path.join(templates, 'css/release.css'), '\n/* changed */\n');
    expect(summary(build().stderr)).toMatch(/^3 built, 0 failed/);
    expect(browser.takeLaunches().length).toBeGreaterThan(0);
    expect(summary(build().stderr)).toMatch(/^0 built, 0 failed, 3 up to date/);
    expect(browser.takeLaunches()).toEqual([]);
  });

  it('rebuilds every release with --force', () => {
    expect(summary(build('--force').stderr)).toMatch(/^3 built, 0 failed/);
  });

  it('rebuilds a release whose output was deleted', () => {
    rmSync(path.join(out, `${nato}.pdf`));
    expect(summary(build().stderr)).toMatch(/^1 built, 0 failed, 2 up to date/);
    expect(existsSync(path.join(out, `${nato}.pdf`))).toBe(true);
  });

  it('removes the outputs of a deleted release, and only files the build made', () => {
    browser.takeLaunches();
    writeFileSync(path.join(out, 'notes.txt'), 'not made by the build');
    rmSync(path.join(content, `${route}.md`));
    const result = build();
    expect(summary(result.stderr)).toMatch(/^0 built, 0 failed, 2 up to date, 3 old files removed/);
    for (const file of [...releaseFiles(route), 'assets/images/map.svg']) expect(existsSync(path.join(out, file)), file).toBe(false);
    expect(existsSync(path.join(out, 'notes.txt'))).toBe(true);
    expect(existsSync(path.join(out, `${nato}.pdf`))).toBe(true);
    expect(readFileSync(path.join(out, 'index.html'), 'utf8')).not.toContain('Minister travels to Brussels');
    expect(browser.takeLaunches()).toEqual([]);
  });

  it('keeps the PDFs of the last build when only HTML is built (--format html), and prints them again after', () => {
    const pdf = path.join(out, `${nato}.pdf`);
    const before = readFileSync(pdf);
    appendFileSync(path.join(content, `${nato}.md`), '\nA paragraph added for an HTML preview.\n');
    build('--format', 'html');
    expect(readFileSync(pdf).equals(before)).toBe(true);
    expect(readFileSync(path.join(out, `${nato}.html`), 'utf8')).toContain('A paragraph added for an HTML preview.');
    build();
    expect(readFileSync(pdf).equals(before)).toBe(false);
    browser.takeLaunches();
  });
});
