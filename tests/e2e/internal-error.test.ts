// A bug (not a problem with the content or the config) ends `npm run build`
// with one line that says so and exit code 3, never a bare stack trace; the
// stack comes with BRIEFING_DEBUG=1. The bug is simulated by a preload only
// this test uses (crash-on-readdir.mjs), so no production path has a hook.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { root, runBuild, sampleContent, tempDir } from '../helpers/project.ts';

const work = tempDir('briefing-internal-');
afterAll(() => rmSync(work, { recursive: true, force: true }));

const crash = (debug: boolean) =>
  runBuild(['--content', sampleContent, '--out', path.join(work, 'out'), '--format', 'html'], root, {
    NODE_OPTIONS: `--import=${path.join(root, 'tests/helpers/crash-on-readdir.mjs')}`,
    CRASH_READDIR: `^${sampleContent}$`,
    BRIEFING_DEBUG: debug ? '1' : '0',
  });

describe('an internal error', () => {
  it('exits 3 with one line asking for a report, and no stack', () => {
    const result = crash(false);
    expect(result.status, result.stderr).toBe(3);
    expect(result.stderr).toMatch(/^Internal error in Briefing Press \d+\.\d+\.\d+ \(a bug\): Cannot read properties of undefined/m);
    expect(result.stderr).toContain('Please report it with the command you ran');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('prints the stack with BRIEFING_DEBUG=1', () => {
    const result = crash(true);
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(/^\s+at /m);
  });
});
