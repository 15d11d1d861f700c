// The print sandbox: every request a printing page makes is answered here.
// Paths under the private print origin are served from the output folder (the
// page's images, fonts, stylesheets), `data:` URLs pass, and everything else
// (other files, any host, any scheme) is refused and reported.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { HTTPRequest, Page } from 'puppeteer';
import { mediaTypes } from '../core/media-types.ts';
import { isInside } from '../markdown/assets.ts';
import { withoutPolicyMeta } from '../render/policy-meta.ts';

/** A name that can never resolve: the origin every printed page lives on. */
export const printOrigin = 'https://briefing.invalid';

export class PrintSandbox {
  /** Fonts and stylesheets, read once per build: every page asks for them. */
  private readonly cache = new Map<string, Buffer>();

  constructor(private readonly outDir: string) {}

  clear(): void {
    this.cache.clear();
  }

  /**
   * Makes `page` a printing page of the sandbox: no JavaScript, print media,
   * every request answered here (`onBlocked` says whom to tell of a refusal,
   * for the job the page is printing), and the print origin loaded.
   */
  async enclose(page: Page, onBlocked: () => ((url: string) => void) | undefined): Promise<void> {
    await page.setJavaScriptEnabled(false);
    // Laid out for print from the start: the layout setContent makes is then the
    // one printing needs, not a screen layout thrown away (about 15% of the floor's CPU).
    await page.emulateMediaType('print');
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      this.answer(request, onBlocked()).catch(() => request.abort('failed').catch(() => undefined));
    });
    await page.goto(`${printOrigin}/`, { waitUntil: 'load' });
  }

  async answer(request: HTTPRequest, onBlocked: ((url: string) => void) | undefined): Promise<void> {
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
          contentType: mediaTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
          body,
        });
      }
    }
    if (!url.endsWith('/favicon.ico')) onBlocked?.(url);
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
    const file = path.resolve(this.outDir, `.${decoded}`);
    return isInside(file, path.resolve(this.outDir)) ? file : undefined;
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
export function withBase(html: string, base: string): string {
  return withoutPolicyMeta(html).replace(/<head>/i, `<head><base href="${base}">`);
}
