// When `npm run dev` builds: one build at a time; changes during a build start
// one more when it ends; none once stopping. Once dev has been quiet a while,
// it asks whether anything changed that the watcher did not report, and builds
// if so.

/** Quiet time after a build before the check for unreported changes, and the time between two checks. */
const quietMs = 2000;
const checkEveryMs = 10_000;

export class BuildQueue {
  private running: Promise<void> | undefined;
  private again: string | undefined;
  private stopping = false;
  private lastEnded = performance.now();
  private lastChecked = Number.NEGATIVE_INFINITY;
  private checking = false;
  private readonly timer: NodeJS.Timeout;

  /**
   * `build` runs one build (it must not throw); `missed` says whether the folder
   * changed in a way no watcher reported (dev/changed-sources.ts).
   */
  constructor(
    private readonly build: (reason: string) => Promise<void>,
    private readonly missed: () => Promise<boolean>,
  ) {
    this.timer = setInterval(() => void this.check(), quietMs / 2);
    this.timer.unref();
  }

  /** Builds now, or after the running build when there is one. */
  schedule(reason: string): void {
    if (this.stopping) return;
    if (this.running) {
      this.again = reason;
      return;
    }
    this.running = this.build(reason).finally(() => {
      this.running = undefined;
      this.lastEnded = performance.now();
      const next = this.again;
      this.again = undefined;
      if (next !== undefined) this.schedule(next);
    });
  }

  /** Settles when no build is running (none may be waiting either). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** No build starts from now on; the running one ends first. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.again = undefined;
    clearInterval(this.timer);
    await this.idle();
  }

  private async check(): Promise<void> {
    const now = performance.now();
    if (this.running || this.checking || this.stopping) return;
    if (now - this.lastEnded < quietMs || (this.lastChecked > this.lastEnded && now - this.lastChecked < checkEveryMs)) return;
    this.checking = true;
    this.lastChecked = now;
    try {
      if (await this.missed()) this.schedule('changes the watcher did not report');
    } finally {
      this.checking = false;
    }
  }
}
