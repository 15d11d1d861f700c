// The print pool's life cycle for one build: opened on first need (so a build
// of HTML only, or of nothing, never starts Chromium, and one that prints
// starts it early, while the releases load), and closed in one place however
// the build ends. A pool the caller owns (`npm run dev` keeps one between
// builds) is used but never closed here.
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
