// npm run bench's pieces that can be wrong without a machine's numbers: the
// generated releases must all build (no two the same language version), and
// the CPU of a step's processes must be counted after they ended.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CpuAccount } from '../../scripts/bench/cpu-account.ts';
import { generate, releaseFiles } from '../../scripts/bench/generate.ts';
import { makeProbe, measure, timesSeconds } from '../../scripts/bench/measure.ts';
import { cleanCallSeconds, mdToPdfFailures } from '../../scripts/bench/peers.ts';
import { spread } from '../../scripts/bench/report.ts';
import { tempDir } from '../helpers/project.ts';

describe('bench', () => {
  it('generates releases that are not versions of one another', () => {
    const content = path.join(tempDir('briefing-bench-gen-'), 'content');
    generate(content, 3);
    const files = releaseFiles(content);
    expect(files).toHaveLength(3);
    for (const file of files) expect(readFileSync(file, 'utf8')).not.toMatch(/^key:/m);
  });

  it('reads the seconds of a `times` line', () => {
    expect(timesSeconds('0m1.230000s 0m0.450000s')).toBeCloseTo(1.68);
    expect(timesSeconds('1m0.500000s 0m0.000000s')).toBeCloseTo(60.5);
  });

  it("counts the CPU of a step's processes that ended before it did", async () => {
    const work = tempDir('briefing-bench-cpu-');
    const probe = makeProbe(work, process.env);
    // A child that spins and exits: only its parent's children's times keep what it used.
    const spin = 'i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done';
    const result = await measure('/bin/sh', ['-c', `sh -c '${spin}'; true`], probe, work);
    expect(result.status).toBe(0);
    expect(result.cpuSeconds).toBeGreaterThan(0);
    expect(result.chromiumCpuSeconds).toBe(0);
    probe.cpu?.close();
  });

  // Where this machine lets us make cgroups (root, or a delegated subtree); CI runs as root.
  const cgroups = CpuAccount.open();
  cgroups?.close();
  it.skipIf(!cgroups)('counts, by its cgroup, the CPU of a process that left the step’s tree before it ended', async () => {
    const work = tempDir('briefing-bench-cgroup-');
    const probe = makeProbe(work, process.env);
    try {
      // The spinner is orphaned at once (its parent subshell exits), as Chromium's zygote children are: no `times` sees it.
      const spin = 'i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done; touch spun';
      const wait = 'while [ ! -e spun ]; do sleep 0.05; done';
      const result = await measure('/bin/sh', ['-c', `(sh -c '${spin}' &); ${wait}`], probe, work);
      expect(result.status).toBe(0);
      expect(result.cgroupCpuSeconds).toBeGreaterThan(0.1);
      expect(result.cgroupCpuSeconds - result.cpuSeconds).toBeGreaterThan(0.1);
      expect(result.cgroupChromiumCpuSeconds).toBe(0);
    } finally {
      probe.cpu?.close();
    }
  });
});

describe("the bench's report of md-to-pdf", () => {
  const said = [
    '[13:36:30] → Navigation timeout of 30000 ms exceeded',
    'ListrError: Something went wrong',
    '    at run (listr/index.js:102:13)',
    '    TimeoutError: Navigation timeout of 30000 ms exceeded',
    '    TimeoutError: Navigation timeout of 30000 ms exceeded',
    '  context: [Object: null prototype] {}',
    '}',
    'md-to-pdf call 1: exit 1',
    'md-to-pdf call 2: exit 0',
    'md-to-pdf call 3: exit 124',
  ].join('\n');

  it('says which calls failed, how many PDFs are missing and what it said, not only its last line', () => {
    expect(mdToPdfFailures(said, 3, 38, 60)).toBe(
      'call 1 exit 1, call 3 exit 124 (timed out) of 3; 38 of 60 PDFs made; it said: 1 × ListrError: Something went wrong; 2 × TimeoutError: Navigation timeout of 30000 ms exceeded',
    );
  });

  it('counts each failed call at the clean calls’ median, to give its time had every call run clean', () => {
    const calls = ['exit 0 in 4000 ms', 'exit 1 in 34000 ms', 'exit 0 in 5000 ms', 'exit 0 in 6000 ms', 'exit 124 in 600000 ms'];
    const stderr = calls.map((c, i) => `md-to-pdf call ${i + 1}: ${c}`).join('\n');
    expect(cleanCallSeconds(stderr)).toEqual({ seconds: 4 + 5 + 6 + 2 * 5, clean: 3, calls: 5 });
    expect(cleanCallSeconds('md-to-pdf call 1: exit 1 in 30000 ms\n')).toBeUndefined();
    expect(mdToPdfFailures(stderr, 5, 60, 100)).toMatch(/^call 2 exit 1, call 5 exit 124 \(timed out\) of 5; 60 of 100 PDFs made/);
  });

  it('counts a call tried again by its clean try', () => {
    const stderr = [
      'md-to-pdf call 1: exit 0 in 4000 ms',
      'md-to-pdf call 2: exit 1 in 34000 ms',
      'md-to-pdf call 2: exit 0 in 7000 ms',
      'md-to-pdf call 3: exit 1 in 31000 ms',
      'md-to-pdf call 3: exit 1 in 32000 ms',
    ].join('\n');
    // Call 3 never ran clean: it counts at the median of calls 1 and 2 (the upper one of two, 7 s).
    expect(cleanCallSeconds(stderr)).toEqual({ seconds: 4 + 7 + 7, clean: 2, calls: 3 });
  });

  it('says nothing of a clean run', () => {
    expect(mdToPdfFailures('md-to-pdf call 1: exit 0\n', 1, 20, 20)).toBeUndefined();
  });

  it('reports the spread of edit-to-preview, not only its median', () => {
    expect(spread([300, 100, 200, 500, 400])).toBe('median 300 ms of 5 (quartiles 200–400, range 100–500: 300, 100, 200, 500, 400)');
  });
});
