// One browser, a bounded pool of reused pages, HTML in, PDF bytes out.
//
// Each page is first navigated to a private origin (https://briefing.invalid,
// a name that can never resolve) and then given each document with setContent,
// which is about twice as fast as navigating to a file. Every request the page
// makes is intercepted: paths under the origin are answered from the output
// folder being printed (the page's images, fonts, stylesheets), `data:` URLs
// pass, and everything else (other files, any host, any scheme) is refused and
// reported. JavaScript is off, so nothing from content can run while printing.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, HTTPRequest, Page } from 'puppeteer';
import { isInside } from './assets.ts';
import { launchBrowser } from './browser.ts';

export const printOrigin = 'https://briefing.invalid';

export interface PrintJob {
  readonly html: string;
  /** Where the HTML lives in the output folder (`nato/2023-04-04-x.html`); relative URLs resolve from there. */
  readonly pagePath: string;
  /** Called for each request the sandbox refused. */
  readonly onBlocked?: (url: string) => void;
}

export interface PrintPoolOptions {
  /** The output folder: the only files a page may load. */
  readonly outDir: string;
  /** Pages printing at once. */
  readonly size: number;
  /** A print that takes longer is stopped with an error. */
  readonly timeoutMs: number;
  readonly executablePath?: string;
}

const contentTypes: Record<string, string> = {
  '.css': 'text/css',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.svg': 'image/svg+xml',
};

interface PoolPage {
  readonly page: Page;
  job: PrintJob | undefined;
}

export class PrintPool {
  private readonly idle: PoolPage[] = [];
  private readonly waiting: Array<(page: PoolPage) => void> = [];
  /** Fonts and stylesheets are asked for by every page: read them once. */
  private readonly cache = new Map<string, Buffer>();

  private constructor(
    private readonly browser: Browser,
    private readonly options: PrintPoolOptions,
  ) {}

  static async open(options: PrintPoolOptions): Promise<PrintPool> {
    const browser = await launchBrowser(options.executablePath);
    const pool = new PrintPool(browser, options);
    try {
      // The tab the browser opens with is the first page of the pool: a new one costs a few hundred ms.
      const [first] = await browser.pages();
      const pages = await Promise.all(
        Array.from({ length: Math.max(1, options.size) }, (_, i) => pool.preparePage(i === 0 ? first : undefined)),
      );
      pool.idle.push(...pages);
    } catch (error) {
      await browser.close().catch(() => undefined);
      throw error;
    }
    return pool;
  }

  /** Drops the cached fonts and stylesheets, for a pool kept open across builds (watch mode). */
  forget(): void {
    this.cache.clear();
  }

  get version(): Promise<string> {
    return this.browser.version();
  }

  async print(job: PrintJob): Promise<Uint8Array> {
    const slot = await this.acquire();
    slot.job = job;
    try {
      const html = withBase(job.html, `${printOrigin}/${encodeURI(path.posix.dirname(job.pagePath))}/`.replace(/\/\.\/$/, '/'));
      await slot.page.setContent(html, { waitUntil: 'load', timeout: this.options.timeoutMs });
      return await slot.page.pdf({
        preferCSSPageSize: true,
        printBackground: true,
        tagged: true,
        outline: true,
        timeout: this.options.timeoutMs,
      });
    } finally {
      slot.job = undefined;
      this.release(slot);
    }
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
  }

  private async preparePage(existing?: Page): Promise<PoolPage> {
    const page = existing ?? (await this.browser.newPage());
    const slot: PoolPage = { page, job: undefined };
    await page.setJavaScriptEnabled(false);
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      this.answer(request, slot).catch(() => request.abort('failed').catch(() => undefined));
    });
    await page.goto(`${printOrigin}/`, { waitUntil: 'load' });
    return slot;
  }

  private async answer(request: HTTPRequest, slot: PoolPage): Promise<void> {
    const url = request.url();
    if (url.startsWith('data:')) return request.continue();
    if (url === `${printOrigin}/`) {
      return request.respond({ status: 200, contentType: 'text/html', body: '<!doctype html><title>print</title>' });
    }
    const file = url.startsWith(`${printOrigin}/`) ? this.localFile(url) : undefined;
    if (file) {
      const body = await this.read(file);
      if (body) {
        return request.respond({
          status: 200,
          contentType: contentTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
          body,
        });
      }
    }
    if (!url.endsWith('/favicon.ico')) slot.job?.onBlocked?.(url);
    return request.abort('blockedbyclient');
  }

  private localFile(url: string): string | undefined {
    const { pathname } = new URL(url);
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return undefined;
    }
    const file = path.resolve(this.options.outDir, `.${decoded}`);
    return isInside(file, path.resolve(this.options.outDir)) ? file : undefined;
  }

  private async read(file: string): Promise<Buffer | undefined> {
    const cached = this.cache.get(file);
    if (cached) return cached;
    try {
      const body = await readFile(file);
      if (/\.(woff2|css)$/.test(file)) this.cache.set(file, body);
      return body;
    } catch {
      return undefined;
    }
  }

  private acquire(): Promise<PoolPage> {
    const slot = this.idle.pop();
    if (slot) return Promise.resolve(slot);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(slot: PoolPage): void {
    const next = this.waiting.shift();
    if (next) next(slot);
    else this.idle.push(slot);
  }
}

/**
 * Puts a <base> first in <head> so relative URLs resolve from the page's folder
 * under the print origin, and drops the page's Content-Security-Policy meta from
 * the copy being printed. setContent rewrites the document in place
 * (document.open), and a policy set by a meta tag stays with the document: each
 * page would enforce every earlier document's policy too, whose style hashes
 * block the next document's <style>, which then prints unstyled on Letter
 * paper. While printing, the sandbox above (no JavaScript, every request
 * answered or refused here) does that policy's job.
 */
function withBase(html: string, base: string): string {
  return html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/i, '').replace(/<head>/i, `<head><base href="${base}">`);
}
