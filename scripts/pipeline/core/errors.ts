// Errors that stop the whole build. Problems with one release are messages on
// its VFile, never exceptions; these are for what no release can get past.
import type { VFile } from 'vfile';

/** A problem that stops the whole build: bad flag, missing folder, bad config, no browser. Exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly files: readonly VFile[] = [],
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'UsageError';
  }
}
