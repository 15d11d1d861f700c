// Errors that stop the whole build. Problems with one release are messages on
// its VFile, never exceptions; these are for what no release can get past.
// Every one is a BriefingError, so the CLIs catch exactly these and print one
// line (exit code 2); anything else that reaches a CLI is a bug (exit code 3).
import type { VFile } from 'vfile';

/** Where in the pipeline an error arose: says which part to look at. */
export type Stage = 'usage' | 'config' | 'load' | 'render' | 'print' | 'write' | 'lock' | 'merge';

export interface BriefingErrorOptions {
  readonly stage: Stage;
  /** The file it is about, when there is one. */
  readonly file?: string | undefined;
  /** The error it was made from (a Node error, a library's), kept for debugging. */
  readonly cause?: unknown;
}

/** The base of every error a user can cause and fix: printed as one line, never with a stack. */
export class BriefingError extends Error {
  readonly stage: Stage;
  readonly file: string | undefined;
  constructor(message: string, options: BriefingErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BriefingError';
    this.stage = options.stage;
    this.file = options.file;
  }
}

/** A problem that stops the whole build: bad flag, missing folder, bad config. Exit code 2. */
export class UsageError extends BriefingError {
  constructor(
    message: string,
    /** Files whose messages say more (the site config's problems), printed before the error. */
    readonly files: readonly VFile[] = [],
    options: Partial<BriefingErrorOptions> = {},
  ) {
    super(message, { stage: options.stage ?? 'usage', file: options.file, cause: options.cause });
    this.name = 'UsageError';
  }
}
