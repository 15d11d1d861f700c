// npm run bench's pieces that can be wrong without a machine's numbers: the
// generated releases must all build (no two the same language version), and
// the CPU of a step's processes must be counted after they ended.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate, releaseFiles } from '../../scripts/bench/generate.ts';
import { makeProbe, measure, timesSeconds } from '../../scripts/bench/measure.ts';
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
  });
});
