// An exception while parsing or rendering one release (a stack overflow on
// hostile nesting, a bug in a plugin) must fail that release only: it becomes
// a positioned error on the release's VFile, never a crash of the whole build.
import type { VFile } from 'vfile';
import { fail, type Place } from './messages.ts';

export function failOnException(file: VFile, stage: string, error: unknown, place: Place = { line: 1, column: 1 }): void {
  const reason =
    error instanceof RangeError && /call stack/i.test(error.message)
      ? 'the document is nested too deeply (quotes, lists or HTML); flatten it'
      : error instanceof Error
        ? error.message
        : String(error);
  fail(file, `Could not ${stage} this release: ${reason}`, place, 'internal');
}
