// The last line of defence of every CLI. A BriefingError is a problem the user
// can fix: one line, exit code 2, never a stack. Anything else is a bug in
// Briefing Press: say so in one line, ask for a report, and exit with code 3,
// so scripts can tell "your content or config" (1, 2) from "our bug" (3). The
// stack is printed only with BRIEFING_DEBUG=1.
import { BriefingError } from '../pipeline/core/errors.ts';
import { interrupt, interruptedBy } from '../pipeline/core/interrupt.ts';
import { creator } from '../pipeline/core/product.ts';

/** Exit codes shared by every command. */
export const exitCode = { ok: 0, failed: 1, usage: 2, internal: 3 } as const;

/** The exit code of a command stopped by a signal: 128 + its number, as a shell reports it. */
const signalExitCodes = { SIGINT: 130, SIGTERM: 143 } as const;

/** The longest wait for the cleanups before exiting anyway: ending Chromium takes well under a second; this is for a machine that stalls. */
const cleanupLimitMs = 15_000;

let stoppable = false;

/**
 * Ctrl-C or a `kill` stops the command: one line says so, nothing new starts,
 * the cleanups registered in core/interrupt.ts run (Chromium's processes end,
 * then its profile is removed), and the command exits with 130 or 143; exit
 * handlers then remove unfinished temporary files and the output folder's lock.
 * Node's default exits at once, skipping even exit handlers, and left Chromium's
 * profile in /tmp. A second signal exits at once. A command that stops itself
 * (`npm run dev` closes its server and browser) is left to do so.
 */
function stopOnSignals(write: (text: string) => void): void {
  if (stoppable) return;
  stoppable = true;
  for (const [signal, code] of Object.entries(signalExitCodes) as Array<[keyof typeof signalExitCodes, number]>) {
    process.on(signal, () => {
      if (process.listenerCount(signal) > 1) return;
      if (interruptedBy()) process.exit(code);
      write(`Interrupted (${signal}): stopped; files already written are complete, the rest were not written\n`);
      setTimeout(() => process.exit(code), cleanupLimitMs).unref();
      void interrupt(signal).finally(() => process.exit(code));
    });
  }
}

/** Runs a command's `main` and turns what escapes it into lines on stderr and an exit code. */
export async function runCommand(main: () => Promise<number>, write = (text: string) => process.stderr.write(text)): Promise<number> {
  stopOnSignals(write);
  try {
    const code = await main();
    return stoppedCode() ?? code;
  } catch (error) {
    // Stopped: whatever failed because of it is not news; the signal's line said it.
    const stopped = stoppedCode();
    if (stopped !== undefined) return stopped;
    const { lines, code } = describeError(error, process.env.BRIEFING_DEBUG === '1');
    write(lines.map((line) => `${line}\n`).join(''));
    return code;
  }
}

/** What to print for an error that reached the top, and the exit code. */
export function describeError(error: unknown, debug: boolean): { lines: string[]; code: number } {
  if (error instanceof BriefingError) return { lines: [`error: ${error.message}`], code: exitCode.usage };
  const message = error instanceof Error ? error.message : String(error);
  const lines = [`Internal error in ${creator} (a bug): ${message}`, 'Please report it with the command you ran'];
  if (debug && error instanceof Error && error.stack) lines.push(error.stack);
  else lines.push('(set BRIEFING_DEBUG=1 to print where it happened)');
  return { lines, code: exitCode.internal };
}

function stoppedCode(): number | undefined {
  const signal = interruptedBy();
  return signal === 'SIGINT' || signal === 'SIGTERM' ? signalExitCodes[signal] : undefined;
}
