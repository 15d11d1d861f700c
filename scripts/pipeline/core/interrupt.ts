// What must be undone when the user stops a command (Ctrl-C, `kill`): a running
// Chromium has to end before its temporary profile is removed, or it writes the
// profile again while it shuts down. Exit handlers cannot wait for that, so the
// CLI's signal handler (cli/run-command.ts) awaits these first.
const cleanups = new Set<() => Promise<void>>();

/** Registers `cleanup` for an interruption; the returned function unregisters it. */
export function onInterrupt(cleanup: () => Promise<void>): () => void {
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

/** Runs every registered cleanup, together, for at most `ms`. */
export async function interrupted(ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  await Promise.race([Promise.allSettled([...cleanups].map((cleanup) => cleanup())), limit]);
  clearTimeout(timer);
}
