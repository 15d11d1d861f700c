// The floor: what Chromium alone needs to print the build's pages, run as a
// step of its own (`npm run bench -- --floor DIR`).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { withoutPolicyMeta } from '../pipeline/render/policy-meta.ts';

/**
 * The floor: Puppeteer alone prints every release page in `outDir` with one
 * browser and `pages` reused pages via setContent, the page's fonts and images
 * answered from the folder (read once) as the build does. Same flags, same PDF
 * options; no Markdown, templates or post-processing.
 */
export async function floor(outDir: string, pages: number): Promise<number> {
  const { default: puppeteer } = await import('puppeteer');
  const { browserArgs } = await import('../pipeline/print/browser.ts');
  const { findBrowser } = await import('../pipeline/print/find-browser.ts');
  const origin = 'https://floor.invalid';
  const files = readdirSync(outDir).filter((n) => n.endsWith('.html') && n !== 'index.html');
  const browser = await puppeteer.launch({
    executablePath: await findBrowser(), // the build's browser (the bench's wrapper around it)
    headless: true,
    args: browserArgs(),
  });
  const cache = new Map<string, Buffer>();
  const pool = await Promise.all(
    Array.from({ length: Math.max(1, pages) }, async () => {
      const page = await browser.newPage();
      await page.emulateMediaType('print'); // as the build's pool does (print-pdf.ts)
      await page.setRequestInterception(true);
      page.on('request', (request) => {
        const url = request.url();
        if (url === `${origin}/`) return void request.respond({ status: 200, contentType: 'text/html', body: '' });
        if (!url.startsWith(`${origin}/`)) return void request.abort();
        const file = path.join(outDir, decodeURIComponent(new URL(url).pathname));
        let body = cache.get(file);
        if (!body) {
          try {
            body = readFileSync(file);
            cache.set(file, body);
          } catch {
            return void request.abort();
          }
        }
        const type = file.endsWith('.css') ? 'text/css' : file.endsWith('.woff2') ? 'font/woff2' : 'application/octet-stream';
        return void request.respond({ status: 200, contentType: type, body });
      });
      await page.goto(`${origin}/`);
      return page;
    }),
  );
  let next = 0;
  await Promise.all(
    pool.map(async (page) => {
      while (next < files.length) {
        const name = files[next++] as string;
        // As the build's pool does: no CSP meta in the printed copy (setContent keeps a meta policy for the next document).
        const html = withoutPolicyMeta(readFileSync(path.join(outDir, name), 'utf8')).replace(/<head>/i, `<head><base href="${origin}/">`);
        await page.setContent(html, { waitUntil: 'load' });
        await page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: true, outline: true });
      }
    }),
  );
  await browser.close();
  return 0;
}
