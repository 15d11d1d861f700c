// Every HTML page the build writes (releases, the index, category pages, and
// whatever later features add) must pass axe-core in real Chromium with zero
// violations and html-validate with zero errors. The sample content and every
// fixture folder are built; the test globs all *.html in each output folder, so
// a new kind of page is checked the day it appears.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { HtmlValidate } from 'html-validate';
import type { Browser } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LaunchedBrowser, launchBrowser } from '../../scripts/pipeline/print/browser.ts';
import { fixtures, root, runBuild, sampleContent, tempDir } from '../helpers/project.ts';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/**
 * html-validate's recommended rules, with two turned off because they are
 * house style, not validity or accessibility:
 * - doctype-style wants `<!DOCTYPE html>`; the doctype is case-insensitive and
 *   `<!doctype html>` is what the HTML spec's own examples use.
 * - long-title caps <title> at 70 characters for search-result snippets; a
 *   release's title is its headline, and cutting it would lose what it says.
 */
const validator = new HtmlValidate({
  extends: ['html-validate:recommended'],
  rules: { 'doctype-style': 'off', 'long-title': 'off' },
});

interface ContentSet {
  readonly name: string;
  readonly contentDir: string;
  /** Fixture folders may hold broken releases on purpose; the sample must build cleanly. */
  readonly mustSucceed: boolean;
}

const sets: ContentSet[] = [
  { name: 'sample content', contentDir: sampleContent, mustSucceed: true },
  ...readdirSync(fixtures, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => ({ name: `fixture ${e.name}`, contentDir: path.join(fixtures, e.name), mustSucceed: e.name === 'with-image' })),
];

function htmlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.html'))
    .sort();
}

let launched: LaunchedBrowser | undefined;
let browser: Browser;
beforeAll(async () => {
  launched = await launchBrowser();
  browser = launched.browser;
});
afterAll(async () => {
  await launched?.close();
});

describe.each(sets)('HTML quality: $name', ({ contentDir, mustSucceed }) => {
  const out = tempDir('briefing-html-');
  let files: string[] = [];
  beforeAll(() => {
    // HTML only: the PDF adds nothing to what is checked here and costs most of the time.
    const result = runBuild(['--content', contentDir, '--out', out, '--format', 'html', '--concurrency', '1'], root);
    if (mustSucceed) expect(result.status, result.stderr).toBe(0);
    else expect([0, 1], result.stderr).toContain(result.status);
    files = htmlFiles(out);
  });

  it('writes at least one page', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it('has zero axe-core violations in Chromium', async () => {
    const problems: string[] = [];
    for (const file of files) problems.push(...(await audit(path.join(out, file))).map((p) => `${file}: ${p}`));
    expect(problems).toEqual([]);
  });

  // The fonts are bundled (fonts.yml): a character no linked font has is drawn by whatever the
  // reader's system has, or as a box (the listing once linked no CJK font for Japanese titles).
  it('draws all its text in bundled fonts, none from the system', async () => {
    const problems: string[] = [];
    for (const file of files) problems.push(...(await systemFonts(path.join(out, file))).map((p) => `${file}: ${p}`));
    expect(problems).toEqual([]);
  });

  it('has zero html-validate errors', async () => {
    const problems: string[] = [];
    for (const file of files) {
      const report = await validator.validateFile(path.join(out, file));
      for (const result of report.results) {
        for (const m of result.messages) problems.push(`${file}:${m.line}:${m.column}: ${m.message} [${m.ruleId}]`);
      }
    }
    expect(problems).toEqual([]);
  });
});

/** Runs axe-core on a page from disk; returns one line per violation (or if axe could not run). */
async function audit(file: string): Promise<string[]> {
  const page = await browser.newPage();
  try {
    // The pages forbid all script in their Content-Security-Policy; axe is the test's, not the page's.
    await page.setBypassCSP(true);
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    await page.addScriptTag({ path: axePath });
    const results = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (context: Document) => Promise<AxeResults> } }).axe;
      const r = await axe.run(document);
      return {
        passed: r.passes.length,
        violations: r.violations.map((v) => ({ id: v.id, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) })),
      };
    });
    // A page where axe found nothing to pass was not audited (blank page, axe not loaded).
    const problems = results.passed === 0 ? ['axe-core ran no checks'] : [];
    return [...problems, ...results.violations.map((v) => `${v.id} (${v.help}) at ${v.targets.join(', ')}`)];
  } finally {
    await page.close();
  }
}

/** The system fonts Chromium drew a page's text with, each with the text of one element it drew: none when every linked font covers the page. */
async function systemFonts(file: string): Promise<string[]> {
  const page = await browser.newPage();
  try {
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    const cdp = await page.createCDPSession();
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
    const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector: 'body *' });
    const found = new Map<string, string>();
    for (const nodeId of nodeIds) {
      // The fonts that drew the element's own text nodes.
      const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
      for (const font of fonts.filter((f) => !f.isCustomFont && !found.has(f.familyName))) {
        const { outerHTML } = await cdp.send('DOM.getOuterHTML', { nodeId });
        found.set(font.familyName, outerHTML.slice(0, 120));
      }
    }
    return [...found].map(([family, html]) => `${family} drew ${html}`);
  } finally {
    await page.close();
  }
}

describe('the font check itself', () => {
  it('catches text no bundled font covers', async () => {
    const dir = tempDir('briefing-fonts-');
    const file = path.join(dir, 'system.html');
    writeFileSync(
      file,
      '<!doctype html><html lang="en"><head><title>t</title></head><body><p style="font-family: serif">plain</p></body></html>',
    );
    expect((await systemFonts(file)).join('\n')).toMatch(/ drew <p/);
  });
});

describe('the accessibility audit itself', () => {
  it('catches a known violation, so a clean result means something', async () => {
    const dir = tempDir('briefing-axe-');
    const file = path.join(dir, 'bad.html');
    writeFileSync(file, '<!doctype html><html lang="en"><head><title>t</title></head><body><main><img src="x.png"></main></body></html>');
    expect((await audit(file)).join('\n')).toMatch(/^image-alt /m);
  });
});

interface AxeResults {
  passes: unknown[];
  violations: Array<{ id: string; help: string; nodes: Array<{ target: string[] }> }>;
}
