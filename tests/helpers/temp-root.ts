// Vitest globalSetup: the suite's temporary folders (tests' own, the builds'
// Chromium profiles, child processes') all go into one fresh folder, because
// TMPDIR points there for the workers and every process they start. At the
// end it is removed. Each test file checks its own share (remove-temp-dirs.ts);
// anything still here was left by a process that outlived its test file, and
// is listed (vitest reports an error thrown here but keeps its exit code).
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const root = mkdtempSync(path.join(tmpdir(), 'briefing-suite-'));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = root;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    const left = readdirSync(root);
    rmSync(root, { recursive: true, force: true, maxRetries: 3 });
    if (left.length > 0) {
      throw new Error(`The tests left ${left.length} temporary folder(s) or file(s) behind: ${left.sort().join(', ')}`);
    }
  };
}
