// What printing one document in a sandboxed page is, apart from the pool that
// hands out pages, retries and times out (print-pdf.ts): the page is given the
// document with setContent, which is about twice as fast as navigating to a
// file, under a <base> on the print origin so its relative links resolve to the
// output folder; the fonts its margin boxes need are loaded; Chromium prints it
// tagged, with its outline, at the size its CSS @page rule asks for.
import path from 'node:path';
import type { Page } from 'puppeteer';
import { loadMarginFonts } from './margin-fonts.ts';
import type { PrintJob } from './print-job.ts';
import { printOrigin, withBase } from './print-sandbox.ts';

/** Prints `job` in `page`, a page the sandbox has enclosed; the PDF as Chromium wrote it. */
export async function printDocument(page: Page, job: PrintJob): Promise<Uint8Array> {
  const html = withBase(job.html, `${printOrigin}/${encodeURI(path.posix.dirname(job.pagePath))}/`.replace(/\/\.\/$/, '/'));
  await page.setContent(html, { waitUntil: 'load', timeout: 0 });
  // Margin boxes are laid out while printing: their fonts must be loaded now (see margin-fonts.ts).
  await loadMarginFonts(page);
  return await page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: true, outline: true, timeout: 0 });
}
