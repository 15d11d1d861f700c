// The build's progress lines (cli/progress.ts) stop once the command is
// stopped: the CLI's "Interrupted" line must stay the last one, even when the
// plan or a document finishes after the signal (tests/e2e/interrupt.test.ts saw
// "Building 8 releases" printed after it when a SIGTERM came as Chromium started).
import type { Writable } from 'node:stream';
import { expect, it } from 'vitest';
import { createProgress } from '../../scripts/cli/progress.ts';
import { interrupt } from '../../scripts/pipeline/core/interrupt.ts';

it('prints the plan and each document, and nothing once interrupted', async () => {
  let written = '';
  const stream = { isTTY: false, columns: 80, write: (text: string) => (written += text) } as unknown as Writable & NodeJS.WriteStream;
  const progress = createProgress({ stream });
  const document = { file: { path: 'content/a.md' }, slug: 'a', ok: true, ms: 1200, outputs: [] };
  progress.onPlan({ toBuild: 2, upToDate: 1 });
  progress.onDocument(document as unknown as Parameters<typeof progress.onDocument>[0]);
  expect(written).toBe('Building 2 releases (1 up to date)\n[1/2] built a (1.2 s)\n');

  // This file's module state only (vitest isolates test files): the command is now stopped.
  await interrupt('SIGTERM');
  const before = written;
  progress.onPlan({ toBuild: 8, upToDate: 0 });
  progress.onDocument(document as unknown as Parameters<typeof progress.onDocument>[0]);
  expect(written).toBe(before);
});
