// Remote images with `allow_remote_images: true`: downloaded once per URL into
// <out>/assets/remote/ with type and size checks, never fetched by the print.
// Without the switch, nothing is fetched. The only server is this test's, on 127.0.0.1.
// Loopback is refused by the build; the download tests let the server through
// with the documented test-only BRIEFING_TEST_ALLOW_ADDRESSES, and name fake
// hosts with BRIEFING_TEST_HOSTS (remote-address.ts). Nothing leaves 127.0.0.1:
// a private address is refused before any connection is made.
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
let port: number;
/** The environment that lets this test's loopback server through, and names fake hosts. */
const testNetwork = (): NodeJS.ProcessEnv => ({
  ...process.env,
  BRIEFING_TEST_ALLOW_ADDRESSES: '127.0.0.1',
  BRIEFING_TEST_HOSTS: 'good.test=127.0.0.1 inside.test=10.0.0.7 mapped.test=::ffff:127.0.0.2',
});

beforeAll(async () => {
  server = createServer((request, response) => {
    requests.push(String(request.url));
    if (request.url === '/ok.png') {
      response.writeHead(200, { 'content-type': 'image/png', 'content-length': png.length });
      response.end(png);
    } else if (request.url === '/to-private.png') {
      response.writeHead(302, { location: `http://inside.test:${port}/ok.png` });
      response.end();
    } else if (request.url === '/to-good.png') {
      response.writeHead(302, { location: `http://good.test:${port}/ok.png` });
      response.end();
    } else if (request.url?.startsWith('/loop/')) {
      const step = Number(request.url.slice('/loop/'.length));
      response.writeHead(302, { location: `/loop/${step + 1}` });
      response.end();
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
  port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function runCli(args: readonly string[], env: NodeJS.ProcessEnv = testNetwork()): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, cliArgs('build', ...args), { cwd: root, env });
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

it('refuses loopback and private addresses, before the request and after every redirect', async () => {
  requests.length = 0;
  const dir = path.join(tempDir('briefing-remote-private-'), 'content');
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'site.yml'), 'organization: Remote Test Office\nallow_remote_images: true\n');
  writeFileSync(path.join(dir, '2024-05-01-good.md'), '---\ntitle: Good\ndate: 2024-05-01\n---\n\nGOOD text.\n');
  writeFileSync(
    path.join(dir, '2024-05-02-hop.md'),
    `---\ntitle: Hop\ndate: 2024-05-02\n---\n\n![Via a redirect](http://good.test:${port}/to-good.png)\n`,
  );
  writeFileSync(
    path.join(dir, '2024-05-03-bad.md'),
    [
      '---\ntitle: Bad\ndate: 2024-05-03\n---\n',
      `![Into the network](http://good.test:${port}/to-private.png)\n`,
      `![Round and round](http://good.test:${port}/loop/0)\n`,
      `![Mapped](http://mapped.test:${port}/ok.png)\n`,
      `![Metadata](http://169.254.169.254/latest/meta-data/)\n`,
    ].join('\n'),
  );
  const out = path.join(path.dirname(dir), 'out');
  const result = await runCli(['--content', dir, '--out', out]);
  expect(result.stderr).toContain('2 built, 1 failed');
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.stderr).toMatch(/2024-05-03-bad\.md:8:1: error: Could not download remote image `[^`]+`: more than 5 redirects/);
  expect(result.stderr).toMatch(
    /2024-05-03-bad\.md:6:1: error: Could not download remote image `[^`]+to-private\.png`: refused after a redirect to `http:\/\/inside\.test:\d+\/ok\.png`: `inside\.test` is the private, loopback or link-local address 10\.0\.0\.7/,
  );
  expect(result.stderr).toMatch(
    /2024-05-03-bad\.md:10:1: error: .*`mapped\.test` is the private, loopback or link-local address ::ffff:127\.0\.0\.2/,
  );
  expect(result.stderr).toMatch(/2024-05-03-bad\.md:12:1: error: .*refused: `169\.254\.169\.254` is the private/);
  expect(existsSync(path.join(out, '2024-05-02-hop.html'))).toBe(true);
  // The loop was cut after five redirects; nothing went to the refused addresses.
  expect(requests.filter((r) => r.startsWith('/loop/'))).toHaveLength(6);
});

it('refuses the loopback address itself when no test escape is set', async () => {
  requests.length = 0;
  const dir = content(true);
  const out = path.join(path.dirname(dir), 'out');
  const { BRIEFING_TEST_ALLOW_ADDRESSES: _allow, BRIEFING_TEST_HOSTS: _hosts, ...plain } = process.env;
  const result = await runCli(['--content', dir, '--out', out], plain);
  expect(result.stderr).toMatch(
    /2024-04-01-a\.md:8:1: error: Could not download remote image `http:\/\/127\.0\.0\.1:\d+\/ok\.png`: refused: `127\.0\.0\.1` is the private, loopback or link-local address 127\.0\.0\.1/,
  );
  expect(result.stderr).toContain('0 built, 3 failed');
  expect(requests).toEqual([]);
});
