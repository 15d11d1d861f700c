// The print pool's browser: the warm one kept between builds when asked for
// and running, else one of its own; and the tab it opens with.
import type { Browser, Page } from 'puppeteer';
import { type LaunchedBrowser, launchBrowser } from './browser.ts';
import { findBrowser } from './find-browser.ts';
import { connectWarm } from './warm-browser.ts';

/** Which browser a pool prints with. */
export interface BrowserChoice {
  readonly executablePath?: string | undefined;
  /** Use, or start, a browser kept warm between builds for this many idle seconds (see warm-browser.ts); 0 or absent: a browser of its own. */
  readonly keepBrowserSeconds?: number | undefined;
  /** Called when this pool started the kept browser (so the CLI can say a process stays behind). */
  readonly onKeeperStarted?: (() => void) | undefined;
}

export async function startBrowser(options: BrowserChoice): Promise<LaunchedBrowser> {
  if (options.keepBrowserSeconds) {
    const executable = options.executablePath ?? (await findBrowser());
    const warm = await connectWarm(executable, options.keepBrowserSeconds, options.onKeeperStarted).catch(() => undefined);
    if (warm) return warm;
  }
  return launchBrowser(options.executablePath);
}

/**
 * The tab the browser opens with becomes the pool's first page: a new one costs
 * a few hundred ms. Connected over a pipe, Puppeteer may see the tab a moment
 * after the connection, so it is awaited briefly rather than listed.
 */
export async function firstTab(browser: Browser): Promise<Page | undefined> {
  const target = await browser.waitForTarget((t) => t.type() === 'page', { timeout: 5000 }).catch(() => undefined);
  return (await target?.page()) ?? undefined;
}
