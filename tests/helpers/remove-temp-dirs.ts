// A setup file (vitest.config.ts), run in each test file's worker: the file
// gets a temporary folder of its own (TMPDIR, so Chromium profiles and child
// processes land there too). After the file, the folders it made with
// tempDir() are removed, and anything else left inside fails the file with a
// list: a test that leaves files behind is found here, not in /tmp weeks later.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { removeTempDirs } from './project.ts';

const outer = process.env.TMPDIR;
// A short name: Unix socket paths (the kept browser's, under a test's folder) are limited to 107 bytes.
const fileTemp = mkdtempSync(path.join(tmpdir(), 'bp-'));
process.env.TMPDIR = fileTemp;

afterAll(() => {
  removeTempDirs();
  process.env.TMPDIR = outer;
  const left = readdirSync(fileTemp).sort();
  rmSync(fileTemp, { recursive: true, force: true, maxRetries: 3 });
  if (left.length > 0) throw new Error(`This test file left temporary files behind: ${left.join(', ')}`);
});
