// The print pool's life cycle for one build: opened on first need (so a build
// of HTML only, or of nothing, never starts Chromium, and one that prints
// starts it early, while the releases load), and closed in one place however
// the build ends. A pool the caller owns (`npm run dev` keeps one between
// builds) is used but never closed here.
import type { BuildOptions } from './build-options.ts';
import type { EarlyBrowser } from './print/early-browser.ts';
import type { PrintPool } from './print/print-pdf.ts';

export interface LazyPool {
  /** The pool, opened on the first call; later calls get the same one. */
  get(): Promise<PrintPool>;
  /** Whether get() was called, so there is (or will be) a pool. */
  readonly started: boolean;
}

/** Runs `work` with a pool that `open` makes on first need; closes it afterwards unless `owned` is false. */
export async function withPrintPool<T>(open: () => Promise<PrintPool>, owned: boolean, work: (pool: LazyPool) => Promise<T>): Promise<T> {
  let opening: Promise<PrintPool> | undefined;
  const pool: LazyPool = {
    get() {
      opening ??= open();
      opening.catch(() => undefined); // awaited where it is needed; a failure to open is reported there
      return opening;
    },
    get started() {
      return opening !== undefined;
    },
  };
  try {
    return await work(pool);
  } finally {
    if (owned) await (await opening?.catch(() => undefined))?.close();
  }
}

/**
 * How a build gets its pool: the caller's (`npm run dev` keeps one; not closed
 * here), else one of its own, opened in the browser started for a first build
 * (print/early-browser.ts) or in a new one.
 */
export function poolOpener(
  options: Pick<BuildOptions, 'pool' | 'keepBrowserSeconds' | 'onKeeperStarted'>,
  pool: { executablePath: string | undefined; outDir: string; size: number; timeoutMs: number; early: EarlyBrowser | undefined },
): { readonly open: () => Promise<PrintPool>; readonly owned: boolean } {
  const { timeoutMs, early, ...rest } = pool;
  const callers = options.pool;
  if (callers) return { open: () => callers({ timeoutMs }), owned: false };
  const choice = { keepBrowserSeconds: options.keepBrowserSeconds, onKeeperStarted: options.onKeeperStarted };
  const open = async () => (await import('./print/print-pdf.ts')).PrintPool.open({ ...choice, ...rest, timeoutMs }, early?.take());
  return { open, owned: true };
}
