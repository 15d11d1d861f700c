// npm run dev, end to end: an edited release's page is shown (its `reload`
// sent, the new page served) before its PDF is printed, while the output
// folder still holds the old pair, which the build then replaces together;
// and dev stops on SIGTERM even when a change was saved just before, leaving
// no browser behind.
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventsPath, reloads, splitEvents } from '../../scripts/live-reload.ts';
import { findBrowser } from '../../scripts/pipeline/print/find-browser.ts';
import { isRunning } from '../helpers/incremental.ts';
import { cliArgs, root, sampleContent, tempDir } from '../helpers/project.ts';

const work = tempDir('briefing-dev-');
const content = path.join(work, 'content');
const out = path.join(work, 'out');
const launchLog = path.join(work, 'launches.log');
const release = path.join(content, '2023-04-04-hayashi-stoltenberg.md');
let dev: ChildProcess;
let said = '';
let port = 0;

interface DevEvent {
  readonly name: string;
  readonly data: unknown;
  /** Its place in the stream: dev sends its events in order, so their order can be asserted, not raced. */
  readonly seq: number;
}

/**
 * The dev server's event stream as a page gets it, once its greeting (the
 * pages printing, then the current problems) is in; `next` resolves at the next
 * event `wanted` accepts.
 */
function listen(): Promise<{ next: (wanted: (e: DevEvent) => boolean) => Promise<DevEvent>; close: () => void }> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path: eventsPath }, (response) => {
      const waiting: Array<{ wanted: (e: DevEvent) => boolean; wake: (e: DevEvent) => void }> = [];
      const stream = {
        next: (wanted: (e: DevEvent) => boolean) => new Promise<DevEvent>((wake) => waiting.push({ wanted, wake })),
        close: () => request.destroy(),
      };
      // The greeting ends with the problems (before previews, dev sent only them).
      waiting.push({ wanted: (e) => e.name === 'problems', wake: () => resolve(stream) });
      let buffered = '';
      let seq = 0;
      response.on('data', (chunk: Buffer) => {
        const { events, rest } = splitEvents(buffered + chunk.toString('utf8'));
        buffered = rest;
        for (const { name, data } of events) {
          const event = { name, data, seq: seq++ };
          for (const waiter of waiting.filter((w) => w.wanted(event))) {
            waiting.splice(waiting.indexOf(waiter), 1);
            waiter.wake(event);
          }
        }
      });
    });
    request.on('error', reject);
  });
}

function get(pathname: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: pathname }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve(Buffer.concat(chunks)));
      })
      .on('error', reject);
  });
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((resolve) => child.once('close', () => resolve()));
const browsers = () =>
  existsSync(launchLog)
    ? readFileSync(launchLog, 'utf8')
        .split('\n')
        .filter((line) => line.includes('--remote-debugging-pipe'))
        .map((line) => Number(line.split(' ')[0]))
    : [];

beforeAll(async () => {
  cpSync(sampleContent, content, { recursive: true });
  const wrapper = path.join(work, 'chromium.sh');
  writeFileSync(wrapper, `#!/bin/sh\necho "$$ $*" >> '${launchLog}'\nexec '${await findBrowser()}' "$@"\n`);
  chmodSync(wrapper, 0o755);
  dev = spawn(process.execPath, cliArgs('dev', '--content', content, '--out', out, '--port', '0'), {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1', PUPPETEER_EXECUTABLE_PATH: wrapper },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  port = await new Promise<number>((resolve, reject) => {
    dev.stderr?.on('data', (chunk: Buffer) => {
      said += chunk.toString('utf8');
      const serving = /on http:\/\/127\.0\.0\.1:(\d+)\//.exec(said)?.[1];
      if (serving) resolve(Number(serving));
    });
    dev.once('close', (status) => reject(new Error(`npm run dev ended (exit ${status}):\n${said}`)));
  });
});

afterAll(async () => {
  // Still running when a test failed: asked to stop first, so its browser removes its profile.
  dev.kill('SIGTERM');
  const killer = setTimeout(() => dev.kill('SIGKILL'), 30_000);
  await exited(dev);
  clearTimeout(killer);
  for (const pid of browsers().filter(isRunning)) process.kill(pid, 'SIGKILL');
});

describe('npm run dev', () => {
  it('shows an edited release before its PDF is printed, then writes its page and PDF together', async () => {
    const page = readdirSync(out).find(
      (name) => name.endsWith('.html') && readFileSync(path.join(out, name), 'utf8').includes('Stoltenberg'),
    );
    expect(page, readdirSync(out).join(', ')).toBeDefined();
    const pagePath = page ?? '';
    const pdfPath = pagePath.replace(/\.html$/, '.pdf');
    const oldPage = readFileSync(path.join(out, pagePath));
    const oldPdf = readFileSync(path.join(out, pdfPath));
    const events = await listen();
    const note = `A sentence added while previewing ${Date.now()}`;
    const shown = events.next((e) => e.name === 'reload' && typeof e.data === 'object' && e.data !== null && reloads(e.data, pagePath));
    const written = events.next((e) => e.name === 'printing' && Array.isArray(e.data) && !e.data.includes(pagePath));
    writeFileSync(release, `${readFileSync(release, 'utf8')}\n${note}.\n`);
    const reload = await shown;
    // Served now (its PDF being printed, or already written: printing may be that fast), the page is the new one.
    expect((await get(`/${pagePath}`)).toString('utf8')).toContain(note);
    // Asked for meanwhile, the PDF is the new one, not the one on disk before the edit.
    const pdf = await get(`/${pdfPath}`);
    const done = await written;
    events.close();
    // The reload came before the pair was written (the order of dev's events, so no race with the printing).
    expect(reload.seq).toBeLessThan(done.seq);
    expect(readFileSync(path.join(out, pagePath)).equals(oldPage)).toBe(false);
    expect(readFileSync(path.join(out, pagePath), 'utf8')).toContain(note);
    expect(pdf.equals(oldPdf)).toBe(false);
    expect(pdf.equals(readFileSync(path.join(out, pdfPath)))).toBe(true);
    expect(said).toMatch(/showing .*hayashi-stoltenberg\.html after \d+ ms/);
  });

  it('stops on SIGTERM when a change was saved just before, and leaves no browser running', async () => {
    expect(browsers().length).toBeGreaterThan(0);
    // The change's build is still waiting for the editor's burst of writes to settle when the stop comes.
    writeFileSync(release, `${readFileSync(release, 'utf8')}\nOne more line.\n`);
    dev.kill('SIGTERM');
    await exited(dev);
    expect(dev.exitCode, said).toBe(0);
    expect(browsers().filter(isRunning)).toEqual([]);
  });
});
