// Remote images with `allow_remote_images: true`: downloaded once per URL into
// <out>/assets/remote/ with type and size checks, never fetched by the print.
// Without the switch, nothing is fetched. The only server is this test's, on 127.0.0.1.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { pdfText } from '../helpers/pdf.ts';
import { cliArgs, root, tempDir } from '../helpers/project.ts';

// A 1x1 PNG.
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const requests: string[] = [];
let server: Server;
let origin: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    requests.push(String(request.url));
    if (request.url === '/ok.png') {
      response.writeHead(200, { 'content-type': 'image/png', 'content-length': png.length });
      response.end(png);
    } else if (request.url === '/page.png') {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<script>alert(1)</script>');
    } else if (request.url === '/huge.png') {
      // No content-length: the size check must count the bytes.
      response.writeHead(200, { 'content-type': 'image/png' });
      const chunk = Buffer.alloc(1024 * 1024);
      for (let i = 0; i < 11; i++) response.write(chunk);
      response.end();
    } else {
      response.writeHead(404);
      response.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function runCli(args: readonly string[]): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, cliArgs('build', ...args), { cwd: root });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stderr }));
  });
}

function content(allow: boolean): string {
  const dir = path.join(tempDir('briefing-remote-'), 'content');
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'site.yml'), `organization: Remote Test Office\nallow_remote_images: ${allow}\n`);
  writeFileSync(
    path.join(dir, '2024-04-01-a.md'),
    `---\ntitle: Release A\ndate: 2024-04-01\n---\n\nREMOTE-A text.\n\n![Pixel](${origin}/ok.png)\n\n<img src="${origin}/ok.png" alt="Pixel again">\n`,
  );
  writeFileSync(
    path.join(dir, '2024-04-02-b.md'),
    `---\ntitle: Release B\ndate: 2024-04-02\n---\n\nREMOTE-B text.\n\n![Pixel](${origin}/ok.png)\n`,
  );
  writeFileSync(
    path.join(dir, '2024-04-03-c.md'),
    `---\ntitle: Release C\ndate: 2024-04-03\n---\n\n![Not an image](${origin}/page.png)\n\n![Too big](${origin}/huge.png)\n\n![Gone](${origin}/gone.png)\n`,
  );
  return dir;
}

it('downloads each allowed remote image once, checks it, and prints from the copy', async () => {
  requests.length = 0;
  const dir = content(true);
  const out = path.join(path.dirname(dir), 'out');
  const result = await runCli(['--content', dir, '--out', out]);
  expect(result.stderr).toContain('2 built, 1 failed');
  expect(result.stderr).toMatch(/2024-04-03-c\.md:6:1: error: Remote image `[^`]+\/page\.png` is `text\/html`, expected a PNG/);
  expect(result.stderr).toMatch(/2024-04-03-c\.md:8:1: error: Remote image `[^`]+\/huge\.png` is more than the 10485760 bytes allowed/);
  expect(result.stderr).toMatch(
    /2024-04-03-c\.md:10:1: error: Could not download remote image `[^`]+\/gone\.png`: the server answered 404/,
  );
  // One request per URL for the whole build, none from the print.
  expect(requests.filter((r) => r === '/ok.png')).toHaveLength(1);
  expect(requests.sort()).toEqual(['/gone.png', '/huge.png', '/ok.png', '/page.png']);
  const copies = readdirSync(path.join(out, 'assets/remote')).filter((f) => !f.startsWith('.'));
  expect(copies).toHaveLength(1);
  expect(readFileSync(path.join(out, 'assets/remote', copies[0] as string))).toEqual(png);
  const html = readFileSync(path.join(out, '2024-04-01-a.html'), 'utf8');
  expect(html).toContain(`src="assets/remote/${copies[0]}"`);
  expect(html).not.toContain(origin);
  expect(pdfText(path.join(out, '2024-04-01-a.pdf'))).toContain('REMOTE-A text.');

  // A second build finds the copy and fetches nothing for it.
  requests.length = 0;
  await runCli(['--content', dir, '--out', out]);
  expect(requests).not.toContain('/ok.png');
});

it('fetches nothing without the switch, and says so with the line', async () => {
  requests.length = 0;
  const dir = content(false);
  const out = path.join(path.dirname(dir), 'out');
  const result = await runCli(['--content', dir, '--out', out]);
  expect(result.stderr).toMatch(/2024-04-01-a\.md:8:1: warning: Removed remote image `[^`]+\/ok\.png`.*allow_remote_images/);
  expect(result.stderr).toContain('3 built, 0 failed');
  expect(requests).toEqual([]);
  expect(existsSync(path.join(out, 'assets/remote'))).toBe(false);
});
