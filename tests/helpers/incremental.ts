// Helpers for the incremental and sharding tests: a browser wrapper that logs
// its launches, and snapshots of an output folder to see what a build touched.
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { systemBrowser } from '../../scripts/pipeline/print/find-browser.ts';

export interface LoggingBrowser {
  /** Environment that makes the build use the wrapper. */
  readonly env: NodeJS.ProcessEnv;
  /** Launches logged so far (one line each), then clears the log. */
  readonly takeLaunches: () => string[];
}

/** A PUPPETEER_EXECUTABLE_PATH wrapper that appends its arguments to a log, then runs the real Chromium (the one a build would pick). */
export function loggingBrowser(dir: string, real = systemBrowser() ?? '/usr/bin/chromium'): LoggingBrowser {
  const log = path.join(dir, 'launches.log');
  const wrapper = path.join(dir, 'chromium-wrapper.sh');
  writeFileSync(wrapper, `#!/bin/sh\necho "$*" >> '${log}'\nexec '${real}' "$@"\n`);
  chmodSync(wrapper, 0o755);
  writeFileSync(log, '');
  return {
    env: { PUPPETEER_EXECUTABLE_PATH: wrapper },
    takeLaunches() {
      const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean);
      writeFileSync(log, '');
      return lines;
    },
  };
}

/** Whether a process (a browser a wrapper logged) is still running. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export interface FileState {
  readonly sha256: string;
  readonly mtimeMs: number;
}

/** Every file under `dir` with its digest and mtime, keyed by relative path. */
export function snapshot(dir: string): Map<string, FileState> {
  const files = new Map<string, FileState>();
  if (!existsSync(dir)) return files;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    files.set(path.relative(dir, file).split(path.sep).join('/'), {
      sha256: createHash('sha256').update(readFileSync(file)).digest('hex'),
      mtimeMs: statSync(file).mtimeMs,
    });
  }
  return files;
}

/** Paths whose mtime differs between two snapshots, or that exist in only one. */
export function touched(before: Map<string, FileState>, after: Map<string, FileState>): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((name) => before.get(name)?.mtimeMs !== after.get(name)?.mtimeMs).sort();
}

export const digests = (files: Map<string, FileState>): Record<string, string> =>
  Object.fromEntries([...files].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, state]) => [name, state.sha256]));
