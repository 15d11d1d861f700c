// The three commands as a press officer meets them: `npm run build` (help,
// typos, --json), `npm run new` then a build with no edits, and `npm run check`.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pdfInfo } from '../helpers/pdf.ts';
import { type CliResult, cliArgs, fixtures, packagesLoaded, root, runBuild, sampleContent, tempDir } from '../helpers/project.ts';

/** Runs `npm run <script> -- args` the way npm does. */
function runScript(script: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): CliResult {
  const result = spawnSync(
    process.execPath,
    [...(env.NODE_IMPORT ? ['--import', env.NODE_IMPORT] : []), ...cliArgs(script.replace(/\.ts$/, ''), ...args)],
    {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', ...env },
    },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const version = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;

describe('npm run build -- --help, --version and mistakes', () => {
  it('--help lists every flag with an example and exits 0', () => {
    const result = runBuild(['--help']);
    expect(result.status).toBe(0);
    for (const flag of [
      '--content DIR',
      '--out DIR',
      '--templates DIR',
      '--format LIST',
      '--concurrency N',
      '--keep-browser SECONDS',
      '--quiet',
      '--json',
      '--version',
      '--help',
    ]) {
      expect(result.stdout).toContain(flag);
    }
    expect(result.stdout.match(/^\s+e\.g\. --/gm)?.length).toBe(14);
    expect(result.stdout).toMatch(/^Examples:\n {2}npm run build/m);
  });

  it('--version prints the package version', () => {
    const result = runBuild(['--version']);
    expect(result).toMatchObject({ status: 0, stdout: `briefing-press ${version}\n` });
  });

  it('an unknown flag exits 2 and names the nearest one', () => {
    const result = runBuild(['--fomat', 'html']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('error: Unknown flag `--fomat`; did you mean `--format`?');
    expect(result.stdout).toBe('');
  });

  it('a wrong --format value or --concurrency exits 2 with what was expected', () => {
    expect(runBuild(['--format', 'htm']).stderr).toContain(
      'Unknown value `htm` for `--format`: expected html or pdf; did you mean `html`?',
    );
    const result = runBuild(['--concurrency', 'lots']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('`--concurrency` expects a whole number from 1 to 64, found `lots`');
  });

  it('prints no colour codes when stderr is not a terminal, even without NO_COLOR', () => {
    const result = runBuild(['--fomat'], root, { NO_COLOR: '' });
    expect(result.stderr).not.toContain('\u001b[');
  });
});

describe('npm run build -- --json', () => {
  it('prints a report that parses and lists each document with pages and bytes; --quiet leaves stderr empty', () => {
    const out = tempDir();
    const result = runBuild(['--content', path.join(fixtures, 'with-image'), '--out', out, '--json', '--quiet']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ ok: true, totals: { documents: 1, built: 1, failed: 0, errors: 0 } });
    expect(report.documents).toHaveLength(1);
    const [doc] = report.documents;
    const pdf = path.join(out, '2024-01-15-route-map.pdf');
    expect(doc).toMatchObject({
      source: expect.stringMatching(/tests\/fixtures\/with-image\/2024-01-15-route-map\.md$/),
      slug: '2024-01-15-route-map',
      ok: true,
      pages: Number(pdfInfo(pdf).Pages),
      bytes: statSync(pdf).size,
      errors: [],
      ms: expect.any(Number),
    });
    expect(doc.outputs.map((o: string) => path.basename(o))).toEqual(['2024-01-15-route-map.html', '2024-01-15-route-map.pdf']);
    expect(doc.pages).toBeGreaterThan(0);
    expect(report.totals).toMatchObject({ pages: doc.pages, bytes: doc.bytes });
  });

  it('still prints JSON when nothing can be built, and exits 2', () => {
    const result = runBuild(['--json', '--content', path.join(tempDir(), 'missing')]);
    expect(result.status).toBe(2);
    expect(JSON.parse(result.stdout)).toEqual({ ok: false, error: expect.stringMatching(/^Content folder not found: /) });
  });

  it('reports errors with their line and column, and exits 1', () => {
    const result = runBuild(['--content', path.join(fixtures, 'broken'), '--out', tempDir(), '--json', '--format', 'html']);
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout);
    const date = report.documents.find((d: { slug: string | null; source: string }) => d.source.endsWith('2023-05-03-impossible-date.md'));
    expect(date).toMatchObject({ ok: false, slug: null, outputs: [], pages: null, bytes: null });
    expect(date.errors).toEqual([
      {
        file: expect.stringMatching(/2023-05-03-impossible-date\.md$/),
        line: 3,
        column: 7,
        message: 'Invalid `date` in front matter: `2023-02-30` is not a calendar date: February 2023 has 28 days',
        rule: 'front-matter-invalid',
      },
    ]);
    expect(report.totals).toMatchObject({ documents: 4, built: 1, failed: 3 });
  });
});

describe('npm run new', () => {
  it('creates a release that builds with no edits, and refuses to overwrite it', () => {
    const content = tempDir();
    cpSync(sampleContent, content, { recursive: true });
    const created = runScript('new.ts', ['--content', content, 'Test']);
    expect(created.status, created.stderr).toBe(0);
    const now = new Date();
    const today = [now.getFullYear(), now.getMonth() + 1, now.getDate()].map((n) => String(n).padStart(2, '0')).join('-');
    const file = path.join(content, `${today}-test.md`);
    expect(created.stdout).toContain(`Created ${file}`);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(new RegExp(`^---\\ntitle: Test\\ndate: ${today}\\nlang: en\\n#`));
    expect(text).not.toContain('category:');

    const out = tempDir();
    const built = runBuild(['--content', content, '--out', out]);
    expect(built.status, built.stderr).toBe(0);
    expect(existsSync(path.join(out, `${today}-test.html`))).toBe(true);
    expect(existsSync(path.join(out, `${today}-test.pdf`))).toBe(true);
    // Nothing to fix in the new file. (font-fallback depends on the machine's load, not on the file.)
    const aboutNewFile = built.stderr.split('\n').filter((l) => l.includes(`${today}-test.md:`) && !l.endsWith('[font-fallback]'));
    expect(aboutNewFile).toEqual([]);

    const again = runScript('new.ts', ['--content', content, '--category', 'Other', 'Test']);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain(`${file} already exists: edit it, or choose another title`);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('writes the category given with --category, quoting what YAML needs quoted', () => {
    const content = tempDir();
    const result = runScript('new.ts', ['--content', content, '--category', 'Security: Defence', 'Minister says "yes"']);
    expect(result.status, result.stderr).toBe(0);
    const [name] = readdirSync(content);
    expect(name).toMatch(/^\d{4}-\d{2}-\d{2}-minister-says-yes\.md$/);
    const text = readFileSync(path.join(content, name ?? ''), 'utf8');
    expect(text).toContain(`title: Minister says "yes"\n`);
    expect(text).toContain(`category: "Security: Defence"\n`);
    expect(runScript('check.ts', ['--content', content]).status).toBe(0);
  });

  it('without a title exits 2 with an example', () => {
    const result = runScript('new.ts', ['--content', tempDir()]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Give the release a title: npm run new -- "Title of the release"');
  });
});

describe('npm run check', () => {
  it('passes the sample content', () => {
    const result = runScript('check.ts', ['--content', sampleContent]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/^4 releases, 1 pack checked: 0 errors, 0 warnings, in \d+\.\d s\n$/);
  });

  it('reports the same messages as the build, and exits 1', () => {
    const broken = path.join(fixtures, 'broken');
    const check = runScript('check.ts', ['--content', broken]);
    const build = runBuild(['--content', broken, '--out', tempDir(), '--format', 'html']);
    expect(check.status).toBe(1);
    const messages = (r: CliResult) => r.stderr.split('\n').filter((l) => /:\d+:\d+: (error|warning): /.test(l));
    expect(messages(check)).toHaveLength(3);
    expect(messages(check)).toEqual(messages(build));
  });

  it('finds broken links to other releases, missing images and removed HTML', () => {
    const content = tempDir();
    cpSync(path.join(fixtures, 'with-image'), content, { recursive: true });
    const links = [
      '---',
      'title: Links',
      'date: 2024-02-01',
      '---',
      '',
      '[fine](2024-01-15-route-map.md) [fine](2024-01-15-route-map.html) [fine](categories/travel.html)',
      '[typo](2024-01-15-route-mapp.md)',
      '[gone](2023-01-01-gone.pdf) [web](https://example.com/missing.html)',
      '',
      '<span onclick="x()">text</span> ![](images/none.png)',
      '',
    ].join('\n');
    writeFileSync(path.join(content, '2024-02-01-links.md'), links);
    const result = runScript('check.ts', ['--content', content]);
    expect(result.status).toBe(1);
    const lines = result.stderr.split('\n').map((l) => l.replace(/^.*2024-02-01-links\.md:/, ''));
    expect(lines).toEqual([
      '7:1: error: Link to `2024-01-15-route-mapp.md`: no such release (looked for ' +
        path.relative(root, path.join(content, '2024-01-15-route-mapp.md')) +
        '); did you mean `2024-01-15-route-map.md`? [broken-link]',
      '8:1: error: Link to `2023-01-01-gone.pdf`: no release is written there [broken-link]',
      '10:1: warning: Removed event handler `onclick` on `<span>` [unsafe-html]',
      '10:33: warning: Image has no alt text: describe it for readers who cannot see it [image-alt]',
      expect.stringMatching(/^10:33: error: Image `images\/none\.png` not found/),
      expect.stringMatching(/^2 releases checked: 3 errors, 2 warnings, in \d+\.\d s$/),
      '',
    ]);
  });

  it('loads neither the browser nor the template engine', () => {
    const trace = path.join(tempDir('briefing-trace-'), 'imports.log');
    const result = runScript('check.ts', ['--content', sampleContent], {
      NODE_IMPORT: path.join(root, 'tests/helpers/trace-imports.mjs'),
      BRIEFING_TRACE_IMPORTS: trace,
    });
    expect(result.status, result.stderr).toBe(0);
    const packages = packagesLoaded(readFileSync(trace, 'utf8').split('\n'));
    // It does parse the Markdown (so the trace works), without Puppeteer, LiquidJS or pdf-lib.
    expect(packages).toContain('remark-parse');
    expect(packages.filter((p) => ['puppeteer', 'puppeteer-core', 'liquidjs', 'pdf-lib'].includes(p))).toEqual([]);
  });
});
