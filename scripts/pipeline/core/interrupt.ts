// What a command does once the user stops it (Ctrl-C, `kill`): the CLI's
// signal handler (cli/run-command.ts) calls `interrupt`; from then on no new
// work starts (no browser is launched, no file is written, no release begins),
// and the cleanups registered here run before the command exits. They are
// needed because Node's default for these signals exits at once, skipping even
// exit handlers, and because a running Chromium must be gone before its profile
// is removed, or its last processes write into it again.

/** Thrown where new work would start after an interruption. Not a BriefingError: the CLI has already said why it stops. */
export class InterruptedError extends Error {
  constructor(readonly signal: NodeJS.Signals) {
    super(`Interrupted by ${signal}`);
    this.name = 'InterruptedError';
  }
}

let stoppedBy: NodeJS.Signals | undefined;
const cleanups = new Set<() => Promise<void>>();

/** The signal that stopped the command, or undefined while it runs on. */
export function interruptedBy(): NodeJS.Signals | undefined {
  return stoppedBy;
}

/** Throws an InterruptedError once the command has been stopped: called where new work would begin. */
export function throwIfInterrupted(): void {
  if (stoppedBy) throw new InterruptedError(stoppedBy);
}

/** Registers `cleanup` to run when the command is stopped; the returned function unregisters it. */
export function onInterrupt(cleanup: () => Promise<void>): () => void {
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

/** Marks the command stopped and runs every registered cleanup, together; settles when all have. */
export async function interrupt(signal: NodeJS.Signals): Promise<void> {
  stoppedBy ??= signal;
  await Promise.allSettled([...cleanups].map((cleanup) => cleanup()));
}
