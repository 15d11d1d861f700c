// How one step is measured: a separate process, timed by wall clock, with the
// peak memory of its whole process tree and the CPU time it used, split
// between Node and Chromium.
//
// CPU: a process's own time is lost from /proc when it exits, and sampling
// misses whatever a short-lived process did between two samples. The kernel
// keeps it instead in the parent's children's times once the parent reaps the
// child, so the step runs under `sh`, whose `times` after the command gives
// everything the tree used (each Chromium process is reaped by its own parent).
// Chromium is started through a wrapper that does the same for each browser
// and appends it to a log; Node's share is the rest.
//
// That tree figure misses most of Chromium: its renderers and utility processes
// (one print compositor per PDF) are children of its zygotes, which are ended
// without being waited for, so their time reaches no parent. Measured on a cold
// build of 100, the tree saw 13.8 s while the machine was busy 28.0 s. So the
// step's CPU is also taken machine-wide from /proc/stat (busy ticks over the
// step, less the idle machine's rate and the bench's own sampling), and
// Chromium's share is that less Node's, which the tree counts exactly. It is
// only right on an otherwise idle machine, which the bench asks for anyway.
import { spawn } from 'node:child_process';
import { chmodSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

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
}

/** The Chromium wrapper in `work`, and an environment that makes Puppeteer (ours and the peers') use it. */
export function makeProbe(work: string, env: NodeJS.ProcessEnv): Probe {
  const launchLog = path.join(work, 'launches.log');
  const chromiumCpuLog = path.join(work, 'chromium-cpu.log');
  const wrapper = path.join(work, 'chromium.sh');
  const real = process.env.PUPPETEER_EXECUTABLE_PATH ?? '/usr/bin/chromium';
  // Not `exec`: the shell waits for the browser, then says what it and its descendants used
  // (`times` in a pipeline would speak for the pipeline's subshell, hence the file).
  writeFileSync(
    wrapper,
    `#!/bin/sh\necho "$$ $*" >> '${launchLog}'\n'${real}' "$@"\nstatus=$?\ntimes > '${chromiumCpuLog}.last'\ntail -n 1 '${chromiumCpuLog}.last' >> '${chromiumCpuLog}'\nexit $status\n`,
  );
  chmodSync(wrapper, 0o755);
  writeFileSync(launchLog, '');
  return { env: { ...env, PUPPETEER_EXECUTABLE_PATH: wrapper }, launchLog, chromiumCpuLog, work, idleBusyRate: idleBusyRate() };
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
    const script = `"$0" "$@"; status=$?; times > '${treeTimes}'; exit $status`;
    const child = spawn('/bin/sh', ['-c', script, command, ...args], { env: probe.env, cwd, stdio: ['ignore', 'ignore', 'pipe'] });
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
        stderr,
        status,
      });
    });
  });
}

/** `pid` and its descendants, and their summed RSS in KiB, from one read of each process's /proc status. */
function tree(pid: number): { pids: number[]; rss: number } {
  const children = new Map<number, number[]>();
  const rssOf = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let status: string;
    try {
      status = readFileSync(`/proc/${name}/status`, 'utf8');
    } catch {
      continue; // ended while we looked
    }
    const ppid = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    rssOf.set(Number(name), Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0));
  }
  const pids: number[] = [];
  let rss = 0;
  const stack = [pid];
  for (let current = stack.pop(); current !== undefined; current = stack.pop()) {
    pids.push(current);
    rss += rssOf.get(current) ?? 0;
    stack.push(...(children.get(current) ?? []));
  }
  return { pids, rss };
}

/** A process's PSS in KiB; 0 once it ended or if it is not ours to read. */
function pssKiB(pid: number): number {
  try {
    return Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

export function check(m: Measure, what: string): void {
  if (m.status !== 0) throw new Error(`${what} failed (exit ${m.status}):\n${m.stderr}`);
}

export const summary = (m: Measure): string =>
  /\d+ built, \d+ failed.*/.exec(m.stderr)?.[0] ?? m.stderr.trim().split('\n').slice(-3).join(' | ');
