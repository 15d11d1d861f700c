// The headless shell is preferred because it is cheaper (print/find-browser.ts),
// on the claim that it prints the same bytes as the full Chromium of the same
// version: checked here on the sample, releases and pack, English and Japanese.
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { manifestName } from '../../scripts/pipeline/core/output-paths.ts';
import { compareOutputs } from '../../scripts/repro/compare-outputs.ts';
import { runBuild, sampleContent, tempDir } from '../helpers/project.ts';

const shell = '/usr/lib/chromium/chromium-headless-shell';
const full = '/usr/bin/chromium';
/** "Chromium 156.0.8078.108", with or without "built on …" after it. */
const version = (file: string) => /\d+(\.\d+)+/.exec(execFileSync(file, ['--version'], { encoding: 'utf8' }))?.[0];
const both = existsSync(shell) && existsSync(full) && version(shell) === version(full);

describe.runIf(both)('the headless shell and the full Chromium of one version', () => {
  it('print the sample to the same bytes', () => {
    const outs = [shell, full].map((browser) => {
      const out = tempDir();
      const result = runBuild(['--content', sampleContent, '--out', out], undefined, { PUPPETEER_EXECUTABLE_PATH: browser });
      expect(result.status, result.stderr).toBe(0);
      // The manifest names the browser each build used; everything else must match.
      rmSync(path.join(out, manifestName));
      return out;
    });
    expect(compareOutputs(outs[0] as string, outs[1] as string)).toBeUndefined();
  }, 120_000);
});
