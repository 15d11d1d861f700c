// One browser, a bounded pool of reused pages, HTML in, PDF bytes out.
//
// Each page is first navigated to a private origin (https://briefing.invalid,
// a name that can never resolve) and then given each document to print
// (print-document.ts). Every request the page makes is intercepted: paths
// under the origin are answered from the output folder being printed (the
// page's images, fonts, stylesheets), `data:` URLs pass, and everything else
// (other files, any host, any scheme) is refused and reported (print-sandbox.ts).
// JavaScript is off, so nothing from content can run while printing.
// A crashed or killed browser is relaunched and the affected jobs retried
// once; a print that hangs is stopped after the timeout (see PrintPool).
import type { Browser, Page } from 'puppeteer';
import type { LaunchedBrowser } from './browser.ts';
import { type PoolPage, type PrintPoolOptions, printsPerPage } from './pool-options.ts';
import { printDocument } from './print-document.ts';
import { BrowserCrashError, PrintTimeoutError } from './print-errors.ts';
import type { PrintJob } from './print-job.ts';
import { PrintSandbox, printOrigin } from './print-sandbox.ts';
import { firstTab, startBrowser } from './start-browser.ts';

export { printOrigin };

/**
 * If Chromium dies (crash, OOM killer, kill -9), every page's pending call
 * fails. The pool notices (the browser is disconnected or was replaced since
 * the job started), launches a new browser once for all affected jobs, and
 * retries each affected job once. A print that hangs is stopped after
 * `timeoutMs`: its page is closed (ending whatever it waited for) and replaced.
 */
export class PrintPool {
  private readonly idle: PoolPage[] = [];
  private readonly waiting: Array<{ resolve: (page: PoolPage) => void; reject: (error: Error) => void }> = [];
  /** Counts browser launches: a page or job of an earlier one is stale. */
  private generation = 0;
  private relaunching: Promise<void> | undefined;
  private closed = false;
  /** Set when a relaunch failed: every print from then on fails with it instead of waiting forever. */
  private broken: Error | undefined;
  private opened = 0;

  private readonly sandbox: PrintSandbox;

  private constructor(
    private launched: LaunchedBrowser,
    private readonly options: PrintPoolOptions,
  ) {
    this.sandbox = new PrintSandbox(options.outDir);
  }

  /** Opens a pool in a new browser, or in `launching`, one started before the pool was asked for (early-browser.ts). */
  static async open(options: PrintPoolOptions, launching?: Promise<LaunchedBrowser>): Promise<PrintPool> {
    const launched = await (launching ?? startBrowser(options));
    const pool = new PrintPool(launched, options);
    try {
      await pool.fill(await firstTab(launched.browser));
    } catch (error) {
      await launched.close();
      throw error;
    }
    return pool;
  }

  private get browser(): Browser {
    return this.launched.browser;
  }

  /** Drops the cached fonts and stylesheets, for a pool kept open across builds (watch mode). */
  forget(): void {
    this.sandbox.clear();
  }

  get version(): Promise<string> {
    return this.browser.version();
  }

  /** Pages opened so far, replacements included (tests count them). */
  get pagesOpened(): number {
    return this.opened;
  }

  /** The PID of the running browser process (tests kill it to prove recovery). */
  get browserPid(): number | undefined {
    return this.launched.pid;
  }

  async print(job: PrintJob): Promise<Uint8Array> {
    const generation = this.generation;
    try {
      return await this.printOnce(job);
    } catch (error) {
      if (!this.crashedSince(generation)) throw error;
      try {
        await this.relaunch(generation);
        return await this.printOnce(job);
      } catch (retryError) {
        if (retryError instanceof PrintTimeoutError || retryError === this.broken) throw retryError;
        throw new BrowserCrashError({ cause: retryError });
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.relaunching?.catch(() => undefined);
    await this.launched.close();
  }

  private async printOnce(job: PrintJob): Promise<Uint8Array> {
    const slot = await this.acquire();
    slot.job = job;
    let timer: NodeJS.Timeout | undefined;
    let timedOut = false;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        timedOut = true;
        reject(new PrintTimeoutError(this.options.timeoutMs / 1000));
      }, this.options.timeoutMs);
    });
    const work = printDocument(slot.page, job);
    try {
      return await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
      slot.job = undefined;
      work.catch(() => undefined);
      if (timedOut || ++slot.prints >= (this.options.printsPerPage ?? printsPerPage)) this.replace(slot);
      else this.release(slot);
    }
  }

  /** True when the browser that served a job started at `generation` is gone. */
  private crashedSince(generation: number): boolean {
    return !this.closed && (generation !== this.generation || !this.browser.connected);
  }

  /** Launches a new browser unless another job already did since `generation`. */
  private relaunch(generation: number): Promise<void> {
    // A page replaced after a timeout can fail once the pool is closed: a browser
    // started then would have no one to close it and would keep the build alive.
    if (this.closed) return Promise.resolve();
    if (generation !== this.generation) return this.relaunching ?? Promise.resolve();
    this.generation++;
    const old = this.launched;
    this.idle.length = 0;
    this.relaunching = (async () => {
      await old.close();
      try {
        const launched = await startBrowser(this.options);
        if (this.closed) return await launched.close();
        this.launched = launched;
        await this.fill(await firstTab(this.browser));
      } catch (error) {
        this.broken = new Error(`The browser crashed and could not be restarted: ${(error as Error).message}`, { cause: error });
        for (const waiter of this.waiting.splice(0)) waiter.reject(this.broken);
        throw this.broken;
      }
    })();
    return this.relaunching;
  }

  /** Opens the pool's pages in the current browser and hands them to waiting jobs. */
  private async fill(first?: Page): Promise<void> {
    const pages = await Promise.all(
      Array.from({ length: Math.max(1, this.options.size) }, (_, i) => this.preparePage(i === 0 ? first : undefined)),
    );
    for (const page of pages) this.release(page);
  }

  /** A page that timed out may still be busy, one that printed its share holds memory: close it and open a fresh one in its place. */
  private replace(slot: PoolPage): void {
    slot.page.close().catch(() => undefined);
    if (slot.generation !== this.generation || this.closed) return;
    this.preparePage().then(
      (fresh) => this.release(fresh),
      // No page can be opened: the browser is unusable, start a new one so waiting jobs are served.
      () => this.relaunch(slot.generation).catch(() => undefined),
    );
  }

  private async preparePage(existing?: Page): Promise<PoolPage> {
    const page = existing ?? (await this.browser.newPage());
    const slot: PoolPage = { page, generation: this.generation, job: undefined, prints: 0 };
    this.opened++;
    await this.sandbox.enclose(page, () => slot.job?.onBlocked);
    return slot;
  }

  private acquire(): Promise<PoolPage> {
    if (this.broken) return Promise.reject(this.broken);
    const slot = this.idle.pop();
    if (slot) return Promise.resolve(slot);
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  private release(slot: PoolPage): void {
    // A page of a browser that has been replaced is useless: drop it.
    if (slot.generation !== this.generation) return;
    const next = this.waiting.shift();
    if (next) next.resolve(slot);
    else this.idle.push(slot);
  }
}
