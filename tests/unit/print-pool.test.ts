// The print pool's fault handling against a real Chromium: a print that hangs
// is stopped after the timeout and the pool keeps working; a browser killed
// between prints is relaunched.
import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdirSync, openSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrintPool, PrintTimeoutError } from '../../scripts/pipeline/print-pdf.ts';
import { tempDir } from '../helpers/project.ts';

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
