// Progress on stderr while documents build: a bar redrawn in place when stderr
// is a terminal, one plain line per document otherwise (CI logs, pipes).
import path from 'node:path';
import { interruptedBy } from '../pipeline/core/interrupt.ts';
import type { BuildPlan, DocumentResult } from '../pipeline/core/types.ts';

export interface ProgressOptions {
  readonly stream?: NodeJS.WriteStream | undefined;
  /** Force the plain-line style even on a terminal (default: by `stream.isTTY`). */
  readonly plain?: boolean | undefined;
}

export interface Progress {
  readonly onPlan: (plan: BuildPlan) => void;
  readonly onDocument: (result: DocumentResult) => void;
  /** Clears the bar so the summary prints on a clean line. */
  readonly done: () => void;
}

export function createProgress(options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr;
  const tty = options.plain !== true && stream.isTTY === true;
  let total = 0;
  let count = 0;
  let failed = 0;
  let drawn = false;
  const started = performance.now();

  const draw = (name: string) => {
    const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - 50));
    const filled = total === 0 ? width : Math.round((count / total) * width);
    const rate = count / Math.max(0.001, (performance.now() - started) / 1000);
    const line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${count}/${total} ${rate.toFixed(1)}/s${failed ? ` ${failed} failed` : ''} ${name}`;
    stream.write(`\r\x1b[2K${line.slice(0, (stream.columns ?? 80) - 1)}`);
    drawn = true;
  };

  return {
    onPlan(plan) {
      total = plan.toBuild;
      // A plan finished after the stop (a SIGTERM while Chromium starts): the "Interrupted" line stays the last.
      if (interruptedBy()) return;
      if (total > 0 && !tty) stream.write(`Building ${total} release${total === 1 ? '' : 's'} (${plan.upToDate} up to date)\n`);
    },
    onDocument(result) {
      // Stopped by Ctrl-C: documents failing because their browser was ended are not news (cli/run-command.ts).
      if (interruptedBy()) return;
      count++;
      // Packs are built after the releases the plan counted.
      total = Math.max(total, count);
      if (!result.ok) failed++;
      const name = result.slug ?? path.relative(process.cwd(), result.file.path);
      if (tty) draw(name);
      else stream.write(`[${count}/${total}] ${result.ok ? 'built' : 'FAILED'} ${name} (${(result.ms / 1000).toFixed(1)} s)\n`);
    },
    done() {
      if (drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
