// Exact CPU of a step, from a control group. Every process a step starts, and
// every process they start, stays in the cgroup it was started in whoever its
// parent becomes, and the kernel adds each one's CPU time to it, even after it
// ended unwaited-for (Chromium's zygote children). So a step run in a cgroup of
// its own is counted exactly, whatever else the machine is doing; Chromium's
// share is a cgroup inside it that the browser wrapper joins. Needs a writable
// cgroup tree (root, or a delegated subtree); without one the bench falls back
// to the machine-wide count (measure.ts).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The two cgroups of one step: the step's, and its browsers' inside it. */
export interface StepCgroups {
  readonly step: string;
  readonly chromium: string;
}

interface Hierarchy {
  readonly root: string;
  /** CPU seconds used by a cgroup and all cgroups inside it. */
  readonly usage: (cgroup: string) => number;
}

/** cgroup v2 (`cpu.stat` is in every cgroup), else v1's cpuacct controller. */
function findHierarchy(): Hierarchy | undefined {
  let mounts: string[][];
  try {
    mounts = readFileSync('/proc/mounts', 'utf8')
      .split('\n')
      .map((line) => line.split(' '));
  } catch {
    return undefined;
  }
  const v2 = mounts.find((m) => m[2] === 'cgroup2')?.[1];
  if (v2) {
    return {
      root: v2,
      usage: (cgroup) => Number(/^usage_usec (\d+)/m.exec(readFileSync(path.join(cgroup, 'cpu.stat'), 'utf8'))?.[1] ?? Number.NaN) / 1e6,
    };
  }
  const v1 = mounts.find((m) => m[2] === 'cgroup' && (m[3] ?? '').split(',').includes('cpuacct'))?.[1];
  if (v1) return { root: v1, usage: (cgroup) => Number(readFileSync(path.join(cgroup, 'cpuacct.usage'), 'utf8')) / 1e9 };
  return undefined;
}

/** A folder of cgroups for one bench run, one pair per step; `undefined` where cgroups cannot be made. */
export class CpuAccount {
  private steps = 0;

  private constructor(
    private readonly hierarchy: Hierarchy,
    private readonly home: string,
  ) {}

  static open(): CpuAccount | undefined {
    const hierarchy = findHierarchy();
    if (!hierarchy) return undefined;
    const home = path.join(hierarchy.root, `briefing-bench-${process.pid}`);
    try {
      mkdirSync(home);
      const account = new CpuAccount(hierarchy, home);
      // Proves the tree is ours to use: a cgroup made, joined by a short-lived shell and read.
      const probe = account.nextStep();
      const joined = spawnSync('/bin/sh', ['-c', `echo $$ > '${path.join(probe.step, 'cgroup.procs')}'`]);
      if (joined.status !== 0 || !Number.isFinite(account.seconds(probe.step))) throw new Error('no CPU count');
      return account;
    } catch {
      removeTree(home, hierarchy.root);
      return undefined;
    }
  }

  /** A fresh pair of cgroups for the next step. */
  nextStep(): StepCgroups {
    const step = path.join(this.home, `step-${++this.steps}`);
    const chromium = path.join(step, 'chromium');
    mkdirSync(chromium, { recursive: true });
    return { step, chromium };
  }

  /** CPU seconds used so far in `cgroup` and the cgroups inside it. */
  seconds(cgroup: string): number {
    try {
      return this.hierarchy.usage(cgroup);
    } catch {
      return Number.NaN;
    }
  }

  /** Removes every cgroup of the run; a process still in one (the kept browser) moves to the root first. */
  close(): void {
    removeTree(this.home, this.hierarchy.root);
  }
}

function removeTree(cgroup: string, root: string): void {
  let children: string[];
  try {
    children = readdirSync(cgroup, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => path.join(cgroup, entry.name));
  } catch {
    return;
  }
  for (const child of children) removeTree(child, root);
  try {
    for (const pid of readFileSync(path.join(cgroup, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean)) {
      writeFileSync(path.join(root, 'cgroup.procs'), pid);
    }
    rmdirSync(cgroup);
  } catch {
    // Left for the system: an empty cgroup costs nothing and a later run uses its own.
  }
}
