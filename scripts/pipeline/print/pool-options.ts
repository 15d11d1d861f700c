// What a print pool is opened with, and what it keeps of each page.
import type { Page } from 'puppeteer';
import type { PrintJob } from './print-job.ts';
import type { BrowserChoice } from './start-browser.ts';

export interface PrintPoolOptions extends BrowserChoice {
  /** The output folder: the only files a page may load. */
  readonly outDir: string;
  /** Pages printing at once. */
  readonly size: number;
  /** A print that takes longer is stopped with an error. */
  readonly timeoutMs: number;
  /** Prints before a page is closed and a fresh one opened in its place (default `printsPerPage`). */
  readonly printsPerPage?: number | undefined;
}

/**
 * A page's renderer keeps some 0.06 MiB of every document printed in it (2,000
 * releases: each renderer 122 -> 176 MiB in 45 s); at 10,000 releases the
 * build's peak memory passed 1.5 GiB. A fresh page every 500 prints (a renderer
 * process of its own) keeps that to some 30 MiB a page, for about 0.3 s per 500.
 */
export const printsPerPage = 500;

export interface PoolPage {
  readonly page: Page;
  /** The browser launch this page belongs to; pages of a dead browser are dropped. */
  readonly generation: number;
  job: PrintJob | undefined;
  prints: number;
}
