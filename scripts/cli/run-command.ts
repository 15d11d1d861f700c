// The last line of defence of every CLI. A BriefingError is a problem the user
// can fix: one line, exit code 2, never a stack. Anything else is a bug in
// Briefing Press: say so in one line, ask for a report, and exit with code 3,
// so scripts can tell "your content or config" (1, 2) from "our bug" (3). The
// stack is printed only with BRIEFING_DEBUG=1.
import { BriefingError } from '../pipeline/core/errors.ts';
import { creator } from '../pipeline/core/product.ts';

/** Exit codes shared by every command. */
export const exitCode = { ok: 0, failed: 1, usage: 2, internal: 3 } as const;

/** Runs a command's `main` and turns what escapes it into lines on stderr and an exit code. */
export async function runCommand(main: () => Promise<number>, write = (text: string) => process.stderr.write(text)): Promise<number> {
  try {
    return await main();
  } catch (error) {
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
