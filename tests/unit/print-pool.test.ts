// The print pool's fault handling against a real Chromium: a print that hangs
// is stopped after the timeout and the pool keeps working; a browser killed
// between prints is relaunched.
import { execFileSync } from 'node:child_process';
import { closeSync, constants, copyFileSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrintTimeoutError } from '../../scripts/pipeline/print/print-errors.ts';
import { PrintPool } from '../../scripts/pipeline/print/print-pdf.ts';
import { fixtures, removeKilledChromiumTemp, tempDir } from '../helpers/project.ts';

const page = (body: string, head = '') => `<!doctype html><html><head><meta charset="utf-8">${head}</head><body>${body}</body></html>`;

describe('PrintPool faults', () => {
  let outDir: string;
  let pool: PrintPool;
  const fifo = () => path.join(outDir, 'hang.css');

  beforeAll(async () => {
    outDir = tempDir('briefing-pool-');
    mkdirSync(outDir, { recursive: true });
    writeFileSync(path.join(outDir, 'ok.css'), 'body { color: black }');
    // Reading a FIFO with no writer blocks: the stylesheet request never gets an answer.
    execFileSync('mkfifo', [fifo()]);
    pool = await PrintPool.open({ outDir, size: 1, timeoutMs: 2000 });
  });

  afterAll(async () => {
    // Unblock the read still waiting on the FIFO, so the worker thread is freed.
    try {
      closeSync(openSync(fifo(), constants.O_WRONLY | constants.O_NONBLOCK));
    } catch {
      // No reader left: nothing to unblock.
    }
    await pool?.close();
    // The browser this file kills left its temporary folder.
    removeKilledChromiumTemp();
  });

  it('stops a hanging print after the timeout, then prints the next document', async () => {
    const started = performance.now();
    await expect(pool.print({ html: page('<p>never</p>', '<link rel="stylesheet" href="hang.css">'), pagePath: 'a.html' })).rejects.toThrow(
      PrintTimeoutError,
    );
    expect(performance.now() - started).toBeLessThan(10_000);
    const pdf = await pool.print({ html: page('<p>after the hang</p>', '<link rel="stylesheet" href="ok.css">'), pagePath: 'b.html' });
    expect(Buffer.from(pdf).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('relaunches a browser killed between prints', async () => {
    const pid = pool.browserPid;
    expect(pid).toBeTypeOf('number');
    process.kill(pid as number, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const pdf = await pool.print({ html: page('<p>after the kill</p>'), pagePath: 'c.html' });
    expect(Buffer.from(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    expect(pool.browserPid).not.toBe(pid);
  });
});

describe('PrintPool sandbox', () => {
  it('loads nothing from an SVG image and refuses every URL outside the output folder', async () => {
    const requests: string[] = [];
    const server = createServer((request, response) => {
      requests.push(String(request.url));
      response.end('x');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const outDir = tempDir('briefing-sandbox-');
    // The hostile SVG, placed straight in the output folder (the build would refuse to copy it).
    const svg = readFileSync(path.join(fixtures, 'hostile/images/evil.svg'), 'utf8').replaceAll('__SERVER__', origin);
    writeFileSync(path.join(outDir, 'evil.svg'), svg);
    copyFileSync(path.join(fixtures, 'with-image/images/map.svg'), path.join(outDir, 'map.svg'));
    const blocked: string[] = [];
    const pool = await PrintPool.open({ outDir, size: 1, timeoutMs: 20_000 });
    try {
      const html = page(
        `<p>text</p><img src="evil.svg" alt=""><img src="map.svg" alt=""><img src="${origin}/direct.png" alt=""><img src="file:///etc/passwd" alt="">` +
          `<img src="../../../etc/passwd" alt=""><object data="${origin}/object"></object><iframe src="${origin}/frame"></iframe>`,
        `<link rel="stylesheet" href="${origin}/sheet.css"><style>@import url("${origin}/import.css");</style>`,
      );
      const pdf = await pool.print({ html, pagePath: 'doc.html', onBlocked: (url) => blocked.push(url) });
      expect(Buffer.from(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    } finally {
      await pool.close();
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(requests).toEqual([]);
    // Direct references are refused and reported (a file: URL is not even requested from an https page);
    // the SVG's own references are never requested at all.
    expect(blocked).toEqual(
      expect.arrayContaining([
        `${origin}/direct.png`,
        `${origin}/sheet.css`,
        `${origin}/import.css`,
        `${origin}/frame`,
        'https://briefing.invalid/etc/passwd',
      ]),
    );
    expect(blocked.some((url) => url.includes('svg-'))).toBe(false);
  });
});

// A page replaced after a timeout can fail after the pool has closed, and then asks
// for a new browser. Started then, that browser had no one to close it and kept the
// build alive (about one build in five with print_timeout_seconds: 0.001). The
// private relaunch is called directly so the order is certain, not left to timing.
describe('PrintPool after close', () => {
  it('starts no browser once closed', async () => {
    const outDir = tempDir('briefing-pool-closed-');
    const closed = await PrintPool.open({ outDir, size: 1, timeoutMs: 2000 });
    const first = closed.browserPid;
    await closed.close();
    // biome-ignore lint/complexity/useLiteralKeys: private members, reached on purpose (see above)
    await closed['relaunch'](closed['generation']);
    expect(closed.browserPid).toBe(first);
    const alive = (pid: number | undefined) => {
      try {
        return pid !== undefined && process.kill(pid, 0);
      } catch {
        return false;
      }
    };
    expect(alive(closed.browserPid)).toBe(false);
  });
});

// A page's renderer keeps memory of every document printed in it, so a page is
// replaced after its share of prints (print/pool-options.ts); the documents
// printed on fresh pages come out as on the old one.
describe('PrintPool page turnover', () => {
  it('opens a fresh page after each page has printed its share, printing the same bytes', async () => {
    const outDir = tempDir('briefing-pool-turnover-');
    const pool = await PrintPool.open({ outDir, size: 1, timeoutMs: 20_000, printsPerPage: 2 });
    const kept = await PrintPool.open({ outDir, size: 1, timeoutMs: 20_000 });
    try {
      const job = (i: number) => ({ html: page(`<h1>Document ${i}</h1><p>text</p>`), pagePath: `d${i}.html` });
      const turned: Uint8Array[] = [];
      const same: Uint8Array[] = [];
      for (let i = 0; i < 5; i++) {
        turned.push(await pool.print(job(i)));
        same.push(await kept.print(job(i)));
      }
      // The first page, then a new one after prints 2 and 4 (print 5 waited for it); the default keeps its one page.
      expect(pool.pagesOpened).toBe(3);
      expect(kept.pagesOpened).toBe(1);
      const text = (pdf: Uint8Array) =>
        Buffer.from(pdf)
          .toString('latin1')
          .replace(/\/CreationDate[^\n]*|\/ModDate[^\n]*|\/ID *\[[^\]]*\]/g, '');
      expect(turned.map(text)).toEqual(same.map(text));
    } finally {
      await pool.close();
      await kept.close();
    }
  });
});
