// What can go wrong with a print that is not the content's fault: the print
// pool (print-pdf.ts) throws these, the build reports them per release.
import { BriefingError } from '../core/errors.ts';

/** A print that ran past the time limit; the page was closed and replaced. */
export class PrintTimeoutError extends BriefingError {
  constructor(seconds: number) {
    super(`Printing took longer than ${seconds} s and was stopped (print_timeout_seconds in site.yml sets the limit)`, { stage: 'print' });
    this.name = 'PrintTimeoutError';
  }
}

/** The browser died during the print and again during the one retry. */
export class BrowserCrashError extends BriefingError {
  constructor(options: ErrorOptions = {}) {
    super('The browser crashed or was killed while printing, twice; the document was not printed', { ...options, stage: 'print' });
    this.name = 'BrowserCrashError';
  }
}
