// Builds the hostile corpus (tests/fixtures/hostile) end to end with the CLI,
// against a trap server on 127.0.0.1 that every release tries to reach. Shows:
// the server receives no request, no output holds /etc/passwd or a script,
// every refusal is reported with its line, and the rest of each release that
// can be built is in its PDF. Releases whose images leave the content folder
// are errors (with the line) and write nothing.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfInfo, pdfText } from '../helpers/pdf.ts';
import { cliArgs, copyFixture, root, tempDir } from '../helpers/project.ts';

interface Reported {
  readonly file: string;
  readonly line: number;
  readonly severity: 'warning' | 'error';
  readonly reason: string;
  readonly rule: string;
}

/** What each release must report: the line is found by a marker in the source. */
const expected: Record<string, ReadonlyArray<{ marker: string; severity: 'warning' | 'error'; reason: RegExp }>> = {
  '2024-03-01-script-tags.md': [
    { marker: "<script>document.write('INJECTED", severity: 'warning', reason: /<script>/ },
    { marker: '<script src=', severity: 'warning', reason: /<script>/ },
    { marker: 'onclick=', severity: 'warning', reason: /`onclick`/ },
    { marker: 'onclick=', severity: 'warning', reason: /`onmouseover`/ },
    { marker: '[javascript link]', severity: 'warning', reason: /javascript:/ },
    { marker: 'JaVaScRiPt:', severity: 'warning', reason: /javascript:/ },
    { marker: 'data:text/html', severity: 'warning', reason: /data:/ },
    { marker: '<noscript>', severity: 'warning', reason: /<noscript>/ },
  ],
  '2024-03-02-embeds-and-styles.md': [
    { marker: '<iframe', severity: 'warning', reason: /<iframe>/ },
    { marker: '<object', severity: 'warning', reason: /<object>/ },
    { marker: '<embed', severity: 'warning', reason: /<embed>/ },
    { marker: '<link', severity: 'warning', reason: /<link>/ },
    { marker: '<style>@import', severity: 'warning', reason: /<style>/ },
    { marker: '<p style=', severity: 'warning', reason: /`style`/ },
    { marker: '<form', severity: 'warning', reason: /<form>/ },
    { marker: '<video', severity: 'warning', reason: /<video>/ },
    { marker: '<meta', severity: 'warning', reason: /<meta>/ },
    { marker: '<base', severity: 'warning', reason: /<base>/ },
  ],
  '2024-03-03-svg.md': [
    { marker: '<svg', severity: 'warning', reason: /<svg>/ },
    { marker: 'data:image/svg+xml', severity: 'warning', reason: /data:/ },
  ],
  '2024-03-04-traversal.md': [
    { marker: '![passwd one]', severity: 'error', reason: /outside the content folder/ },
    { marker: '![passwd two]', severity: 'error', reason: /outside the content folder/ },
    { marker: '![absolute]', severity: 'error', reason: /relative to the release/ },
    { marker: '![a link out]', severity: 'error', reason: /link to a file outside/ },
    { marker: 'file:///etc/passwd', severity: 'error', reason: /relative to the release/ },
  ],
  '2024-03-05-front-matter-image.md': [{ marker: 'image:', severity: 'error', reason: /outside the content folder/ }],
  '2024-03-06-hostile-front-matter.md': [],
  '2024-03-07-svg-file.md': [{ marker: '![A chart', severity: 'error', reason: /\(SVG\) has (an event handler|a <script>)/ }],
};
const built = ['2024-03-01-script-tags', '2024-03-02-embeds-and-styles', '2024-03-03-svg', '2024-03-06-hostile-front-matter'];
const refused = ['2024-03-04-traversal', '2024-03-05-front-matter-image', '2024-03-07-svg-file'];

function runCli(args: readonly string[]): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    // Asynchronous, so the trap server in this process can still answer (and count).
    const child = spawn(process.execPath, cliArgs('build', ...args), {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stderr }));
  });
}

function parseReport(stderr: string): Reported[] {
  return stderr.split('\n').flatMap((line) => {
    const m = /^(.+?):(\d+):\d+: (warning|error): (.*) \[([a-z-]+)\]$/.exec(line);
    if (!m) return [];
    return [
      { file: path.basename(m[1] ?? ''), line: Number(m[2]), severity: m[3] as Reported['severity'], reason: m[4] ?? '', rule: m[5] ?? '' },
    ];
  });
}

function walk(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

describe('hostile corpus', () => {
  const requests: string[] = [];
  let server: Server;
  let contentDir: string;
  let outDir: string;
  let result: { status: number | null; stderr: string };
  let reported: Reported[];
  const passwdLine = readFileSync('/etc/passwd', 'utf8').split('\n')[0] ?? 'root:x:0:0';

  beforeAll(async () => {
    server = createServer((request, response) => {
      requests.push(`${request.method} ${request.url}`);
      response.writeHead(200, { 'content-type': 'text/css' });
      response.end('body { background: red }');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    contentDir = copyFixture('hostile');
    for (const file of walk(contentDir)) {
      const text = readFileSync(file, 'utf8');
      if (text.includes('__SERVER__')) writeFileSync(file, text.replaceAll('__SERVER__', `http://127.0.0.1:${port}`));
    }
    // A symlink pointing out of the content folder, made now (git would not keep it).
    symlinkSync('/etc/passwd', path.join(contentDir, 'images/outside.png'));
    outDir = path.join(tempDir(), 'out');
    result = await runCli(['--content', contentDir, '--out', outDir]);
    reported = parseReport(result.stderr);
    // Anything still in flight would arrive now.
    await new Promise((resolve) => setTimeout(resolve, 500));
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('finishes with some releases failed (exit code 1), not a crash', () => {
    expect(result.stderr).toContain('4 built, 3 failed');
    expect(result.status).toBe(1);
  });

  it('lets no request reach the trap server', () => {
    expect(requests).toEqual([]);
  });

  it('reports every refusal with its line', () => {
    for (const [name, items] of Object.entries(expected)) {
      const source = readFileSync(path.join(contentDir, name), 'utf8').split('\n');
      for (const item of items) {
        const line = source.findIndex((l) => l.includes(item.marker)) + 1;
        expect(line, `${name}: marker ${item.marker}`).toBeGreaterThan(0);
        const match = reported.find(
          (r) => r.file === name && r.line === line && r.severity === item.severity && item.reason.test(r.reason),
        );
        expect(match, `${name}:${line} ${item.severity} ${item.reason}\n${result.stderr}`).toBeDefined();
      }
    }
  });

  it('writes nothing for releases whose images leave the content folder', () => {
    for (const slug of refused) {
      expect(existsSync(path.join(outDir, `${slug}.html`))).toBe(false);
      expect(existsSync(path.join(outDir, `${slug}.pdf`))).toBe(false);
    }
    expect(existsSync(path.join(outDir, 'assets/images/evil.svg'))).toBe(false);
    expect(existsSync(path.join(outDir, 'assets/images/outside.png'))).toBe(false);
  });

  it('puts no /etc/passwd content, no script and no server address in any output', () => {
    for (const file of walk(outDir)) {
      // The build's own bookkeeping (the manifest) is JSON data, never served as a page.
      if (path.basename(file).startsWith('.')) continue;
      const bytes = readFileSync(file);
      const text = file.endsWith('.pdf') ? `${bytes.toString('latin1')}\n${pdfText(file)}` : bytes.toString('utf8');
      expect(text, file).not.toContain(passwdLine);
      if (file.endsWith('.pdf')) {
        expect(text, file).not.toMatch(/\/(JavaScript|JS|Launch)\b/);
      } else if (!file.endsWith('.woff2')) {
        expect(text, file).not.toMatch(/<script/i);
        expect(text, file).not.toMatch(/\s(src|href|poster|action|data)=["']?[^"'\s>]*127\.0\.0\.1/i);
      }
    }
  });

  it('keeps the rest of each built release in its PDF', () => {
    for (const slug of built) {
      const source = readFileSync(path.join(contentDir, `${slug}.md`), 'utf8');
      const markers = [...source.matchAll(/KEEP-[A-Z]+-\d/g)].map((m) => m[0]);
      expect(markers.length, slug).toBeGreaterThan(0);
      const text = pdfText(path.join(outDir, `${slug}.pdf`));
      for (const marker of markers) expect(text, `${slug}: ${marker}`).toContain(marker);
      expect(text).not.toContain('INJECTED-SCRIPT');
    }
  });

  it('renders a hostile title as text in the HTML and the PDF metadata', () => {
    const html = readFileSync(path.join(outDir, '2024-03-06-hostile-front-matter.html'), 'utf8');
    expect(html).toContain('&lt;script&gt;alert(');
    expect(pdfInfo(path.join(outDir, '2024-03-06-hostile-front-matter.pdf')).Title).toBe(
      '<script>alert("title")</script> "quoted" & <b>bold</b>',
    );
  });
});
