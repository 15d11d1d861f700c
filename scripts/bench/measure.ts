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
  return { env: { ...env, PUPPETEER_EXECUTABLE_PATH: wrapper }, launchLog, chromiumCpuLog, work };
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
    const script = `"$0" "$@"; status=$?; times > '${treeTimes}'; exit $status`;
    const child = spawn('/bin/sh', ['-c', script, command, ...args], { env: probe.env, cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    let peak = 0;
    let peakRss = 0;
    const timer = setInterval(() => {
      if (!child.pid) return;
      const memory = treeMemory(child.pid);
      peak = Math.max(peak, memory.pss);
      peakRss = Math.max(peakRss, memory.rss);
    }, 50);
    child.on('error', reject);
    child.on('close', (status) => {
      clearInterval(timer);
      const seconds = (performance.now() - started) / 1000;
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
      resolve({ seconds, peakMiB: peak / 1024, peakRssMiB: peakRss / 1024, cpuSeconds, chromiumCpuSeconds, stderr, status });
    });
  });
}

/** Summed PSS and RSS (KiB) of `pid` and its descendants, from /proc. */
function treeMemory(pid: number): { pss: number; rss: number } {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${name}/status`, 'utf8'))?.[1] ?? 0);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // the process ended while we looked
    }
  }
  let pss = 0;
  let rss = 0;
  const stack = [pid];
  for (let current = stack.pop(); current !== undefined; current = stack.pop()) {
    try {
      const rollup = readFileSync(`/proc/${current}/smaps_rollup`, 'utf8');
      pss += Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
      rss += Number(/^Rss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
    } catch {
      // ended, or not ours to read
    }
    stack.push(...(children.get(current) ?? []));
  }
  return { pss, rss };
}

export function check(m: Measure, what: string): void {
  if (m.status !== 0) throw new Error(`${what} failed (exit ${m.status}):\n${m.stderr}`);
}

export const summary = (m: Measure): string =>
  /\d+ built, \d+ failed.*/.exec(m.stderr)?.[0] ?? m.stderr.trim().split('\n').slice(-3).join(' | ');
