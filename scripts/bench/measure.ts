// How one step is measured: a separate process, timed by wall clock, with the
// peak memory of its whole process tree and the CPU time it used, split
// between Node and Chromium.
//
// CPU, best first: (1) a cgroup per step (cpu-account.ts), exact whatever else
// runs; (2) the machine's busy time from /proc/stat over the step, less the
// idle rate and the bench's own sampling, right only on an idle machine;
// (3) the process tree's own count: `sh` runs the step and prints `times`
// after it, and a wrapper does the same for each browser. (3) alone misses
// most of Chromium: its renderers and utility processes (one print compositor
// per PDF) are children of its zygotes, which end without waiting for them, so
// their time reaches no parent (a cold build of 100: the tree saw 13.8 s while
// the machine was busy 28.0 s). Node's share is the tree's count less the
// browsers' where there is no cgroup.
import { spawn } from 'node:child_process';
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { systemBrowser } from '../pipeline/print/find-browser.ts';
import { CpuAccount } from './cpu-account.ts';
import { pssKiB, tree } from './process-tree.ts';

export interface Measure {
  readonly seconds: number;
  /** Peak of the summed PSS (proportional set size: shared pages split between their users) of the process and all its descendants, in MiB. */
  readonly peakMiB: number;
  /** The same with RSS, which counts shared pages once per process. */
  readonly peakRssMiB: number;
  /** User + system CPU seconds of the whole tree. */
  readonly cpuSeconds: number;
  /** The part of it used by the browsers the step started. */
  readonly chromiumCpuSeconds: number;
  /** User + system CPU seconds of the whole machine over the step, less the idle rate and the bench's own; NaN where /proc/stat is missing. */
  readonly machineCpuSeconds: number;
  /** CPU seconds of the step's cgroup, all processes it started included; NaN without cgroups. */
  readonly cgroupCpuSeconds: number;
  /** The part of it in the browsers' cgroup. */
  readonly cgroupChromiumCpuSeconds: number;
  readonly stderr: string;
  readonly status: number | null;
}

/** What a step's processes share: where the wrapper logs, and the environment that points Puppeteer at it. */
export interface Probe {
  readonly env: NodeJS.ProcessEnv;
  /** One line per browser start (`pid arguments`), for the no-change check. */
  readonly launchLog: string;
  /** One `times` line per browser that ended. */
  readonly chromiumCpuLog: string;
  readonly work: string;
  /** Busy CPU seconds per second of the machine at rest, measured when the probe was made. */
  readonly idleBusyRate: number;
  /** A cgroup per step, where the machine allows it. */
  readonly cpu: CpuAccount | undefined;
}

/** The variable that tells the Chromium wrapper which cgroup to join. */
const chromiumCgroupVariable = 'BRIEFING_BENCH_CHROMIUM_CGROUP';
/** The variable that makes the wrapper run another browser than the build's (a peer on the browser it would pick). */
export const browserVariable = 'BRIEFING_BENCH_BROWSER';

/** The Chromium wrapper in `work`, and an environment that makes Puppeteer (ours and the peers') use it. */
export function makeProbe(work: string, env: NodeJS.ProcessEnv): Probe {
  const launchLog = path.join(work, 'launches.log');
  const chromiumCpuLog = path.join(work, 'chromium-cpu.log');
  const wrapper = path.join(work, 'chromium.sh');
  // The browser a build would pick (print/find-browser.ts); a step may ask for another (browserVariable).
  const real = process.env.PUPPETEER_EXECUTABLE_PATH ?? systemBrowser() ?? '/usr/bin/chromium';
  // Not `exec`: the shell waits for the browser, then says what it and its descendants used
  // (`times` in a pipeline would speak for the pipeline's subshell, hence the file).
  writeFileSync(
    wrapper,
    `#!/bin/sh\necho "$$ $*" >> '${launchLog}'\n[ -n "$${chromiumCgroupVariable}" ] && echo $$ > "$${chromiumCgroupVariable}/cgroup.procs"\n"$\{${browserVariable}:-${real}}" "$@"\nstatus=$?\ntimes > '${chromiumCpuLog}.last'\ntail -n 1 '${chromiumCpuLog}.last' >> '${chromiumCpuLog}'\nexit $status\n`,
  );
  chmodSync(wrapper, 0o755);
  writeFileSync(launchLog, '');
  const cpu = CpuAccount.open();
  // Closed at exit, failed runs included: a cgroup left behind outlives the run.
  process.once('exit', () => cpu?.close());
  return { env: { ...env, PUPPETEER_EXECUTABLE_PATH: wrapper }, launchLog, chromiumCpuLog, work, idleBusyRate: idleBusyRate(), cpu };
}

/** Busy CPU seconds of the whole machine since boot (user, nice, system, irq, softirq, steal); NaN without /proc/stat. */
export function machineBusySeconds(): number {
  try {
    const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
    return (user + nice + system + irq + softirq + steal) / 100; // USER_HZ is 100 on Linux
  } catch {
    return Number.NaN;
  }
}

/** Blocks for `ms` (the bench's sequential steps have nothing else to do meanwhile). */
export function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The machine's busy rate at rest, over one second (the bench waits for it). */
function idleBusyRate(): number {
  const before = machineBusySeconds();
  sleepSync(1000);
  return Math.max(0, machineBusySeconds() - before);
}

/** Seconds in a `times` line (`0m1.230000s 0m0.450000s`): user plus system. */
export function timesSeconds(line: string): number {
  return [...line.matchAll(/(\d+)m([\d.]+)s/g)].reduce((sum, m) => sum + Number(m[1]) * 60 + Number(m[2]), 0);
}

/** Runs a command; wall time, the peak PSS and RSS of its process tree sampled every 50 ms, and its CPU time. */
export function measure(command: string, args: readonly string[], probe: Probe, cwd: string): Promise<Measure> {
  const treeTimes = path.join(probe.work, 'tree-cpu.log');
  rmSync(treeTimes, { force: true });
  writeFileSync(probe.chromiumCpuLog, '');
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const busyBefore = machineBusySeconds();
    const ownBefore = process.cpuUsage();
    const groups = probe.cpu?.nextStep();
    const join = groups ? `echo $$ > '${groups.step}/cgroup.procs' && ` : '';
    const script = `${join}"$0" "$@"; status=$?; times > '${treeTimes}'; exit $status`;
    const env = groups ? { ...probe.env, [chromiumCgroupVariable]: groups.chromium } : probe.env;
    const child = spawn('/bin/sh', ['-c', script, command, ...args], { env, cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    // RSS is cheap to read and is read every 100 ms; PSS (smaps_rollup) costs about
    // 5 ms of CPU per Chromium process, so it is read at a new RSS high (at most
    // every 250 ms) and otherwise once a second. Read every 50 ms, as before, it
    // kept one of the two cores busy and slowed every step it measured.
    let peak = 0;
    let peakRss = 0;
    let pssAt = 0;
    const timer = setInterval(() => {
      if (!child.pid) return;
      const { pids, rss } = tree(child.pid);
      const now = performance.now();
      if ((rss > peakRss && now - pssAt >= 250) || now - pssAt >= 1000) {
        pssAt = now;
        peak = Math.max(
          peak,
          pids.reduce((sum, pid) => sum + pssKiB(pid), 0),
        );
      }
      peakRss = Math.max(peakRss, rss);
    }, 100);
    child.on('error', reject);
    child.on('close', (status) => {
      clearInterval(timer);
      const seconds = (performance.now() - started) / 1000;
      const own = process.cpuUsage(ownBefore);
      const machineCpuSeconds = machineBusySeconds() - busyBefore - probe.idleBusyRate * seconds - (own.user + own.system) / 1e6;
      const read = (file: string) => {
        try {
          return readFileSync(file, 'utf8');
        } catch {
          return '';
        }
      };
      const cpuSeconds = timesSeconds(read(treeTimes).trim().split('\n').pop() ?? '');
      const chromiumCpuSeconds = read(probe.chromiumCpuLog)
        .split('\n')
        .reduce((sum, line) => sum + timesSeconds(line), 0);
      resolve({
        seconds,
        peakMiB: peak / 1024,
        peakRssMiB: peakRss / 1024,
        cpuSeconds,
        chromiumCpuSeconds,
        machineCpuSeconds,
        cgroupCpuSeconds: groups && probe.cpu ? probe.cpu.seconds(groups.step) : Number.NaN,
        cgroupChromiumCpuSeconds: groups && probe.cpu ? probe.cpu.seconds(groups.chromium) : Number.NaN,
        stderr,
        status,
      });
    });
  });
}

export function check(m: Measure, what: string): void {
  if (m.status !== 0) throw new Error(`${what} failed (exit ${m.status}):\n${m.stderr}`);
}

export const summary = (m: Measure): string =>
  /\d+ built, \d+ failed.*/.exec(m.stderr)?.[0] ?? m.stderr.trim().split('\n').slice(-3).join(' | ');
