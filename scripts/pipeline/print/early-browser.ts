// A browser started before the build knows it needs one. A first build into
// an output folder prints every release it can, and Chromium's start (1-1.5 s
// under the load beside it) is what its first print waits for; started when the
// folder is found to have no manifest, it overlaps hashing the inputs, planning
// and reading the site config instead of following them.
import type { LaunchedBrowser } from './browser.ts';
import { type BrowserChoice, startBrowser } from './start-browser.ts';

export class EarlyBrowser {
  private taken = false;

  private constructor(private readonly launching: Promise<LaunchedBrowser>) {
    launching.catch(() => undefined); // reported by whoever takes it; dropped by discard
  }

  static start(choice: BrowserChoice): EarlyBrowser {
    return new EarlyBrowser(startBrowser(choice));
  }

  /** The browser, for the pool that prints with it; undefined once taken. */
  take(): Promise<LaunchedBrowser> | undefined {
    if (this.taken) return undefined;
    this.taken = true;
    return this.launching;
  }

  /** Ends the browser unless a pool took it (nothing to print, or the build stopped before printing). */
  async discard(): Promise<void> {
    if (this.taken) return;
    this.taken = true;
    await (await this.launching.catch(() => undefined))?.close();
  }
}
