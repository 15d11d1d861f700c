// Chromium's processes and the profile they write in, ended together.
//
// Chromium is started as the leader of a process group of its own (spawn's
// `detached`): a terminal's Ctrl-C then reaches the build alone, which ends
// Chromium itself, and the group names every process Chromium starts, even the
// zygote's children, which are reparented when their parent dies. The profile,
// which also holds Chromium's own temporary folders (launchBrowser points
// TMPDIR into it), is removed only once no process of the group runs: removed
// earlier, it was written again by processes still starting or shutting down.
import type { ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';

/** How long `end` waits for the group's processes to go after SIGKILL: they normally take a few ms. */
const goneWaitMs = 10_000;
/** The same wait at exit, which blocks: a second Ctrl-C must end the command at once. */
const goneWaitAtExitMs = 1000;

/** Whether /proc lists processes (Linux): without it (macOS, where launchd reaps at once) a group's existence is the answer. */
const canList = existsSync('/proc/self/stat');

export class BrowserProcess {
  /** Settles when the group's leader (the process spawned) has exited, or could not be started. */
  readonly exited: Promise<void>;
  private ending: Promise<void> | undefined;

  constructor(
    private readonly child: ChildProcess,
    private readonly profile: string,
  ) {
    this.exited = new Promise((resolve) => {
      if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once('exit', () => resolve());
    });
    // Whatever ends this process (process.exit, a second Ctrl-C), Chromium goes and its profile with it.
    process.once('exit', this.endNow);
  }

  /** SIGKILL to every process of the group that still runs. */
  kill(): void {
    const pid = this.child.pid;
    if (pid === undefined || !this.runs()) return;
    try {
      // Only while the group exists (checked just above), so its number cannot belong to anyone else yet.
      if (process.platform === 'win32') this.child.kill('SIGKILL');
      else process.kill(-pid, 'SIGKILL');
    } catch {
      // Gone meanwhile.
    }
  }

  /**
   * Kills what still runs, waits until no process of the group does, then
   * removes the profile. Called once a graceful close is over, or at once when
   * the build is interrupted; later calls share the first one's work.
   */
  end(): Promise<void> {
    this.ending ??= (async () => {
      this.kill();
      await this.exited;
      for (const limit = Date.now() + goneWaitMs; this.runs() && Date.now() < limit; ) {
        this.kill();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      rmSync(this.profile, { recursive: true, force: true, maxRetries: 3 });
      process.off('exit', this.endNow);
    })();
    return this.ending;
  }

  /**
   * For process `exit`, where nothing can be awaited: SIGKILL, then a wait of a
   * few ms while the killed processes go (the leader, not reaped before exit, is a zombie).
   */
  private readonly endNow = (): void => {
    this.kill();
    const pid = this.child.pid;
    const pause = new Int32Array(new SharedArrayBuffer(4));
    for (const limit = Date.now() + goneWaitAtExitMs; pid !== undefined && canList && livingMember(pid) && Date.now() < limit; ) {
      Atomics.wait(pause, 0, 0, 5);
    }
    rmSync(this.profile, { recursive: true, force: true, maxRetries: 3 });
  };

  /** True while the leader is not yet reaped, or any process of its group is alive. */
  private runs(): boolean {
    const pid = this.child.pid;
    if (pid === undefined) return false;
    if (this.child.exitCode === null && this.child.signalCode === null) return true;
    if (process.platform === 'win32') return false;
    try {
      process.kill(-pid, 0);
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
    return !canList || livingMember(pid);
  }
}

/**
 * Whether the group has a process that is not a zombie, from /proc. A killed
 * zygote child is reparented to PID 1, and in a container that init may reap
 * it seconds later (seen: 1.7 s); until then the group exists for `kill`,
 * though nothing of it runs.
 */
function livingMember(pgid: number): boolean {
  for (const name of readdirSync('/proc')) {
    const code = name.charCodeAt(0);
    if (code < 48 || code > 57) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'latin1');
    } catch {
      continue; // exited meanwhile
    }
    // After the command's name in parentheses (which may hold spaces): state, parent, process group.
    const [state, , group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(group) === pgid && state !== 'Z' && state !== 'X') return true;
  }
  return false;
}
