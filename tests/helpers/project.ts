// Paths and runners shared by the tests.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const templatesDir = path.join(root, 'templates');
export const fixtures = path.join(root, 'tests/fixtures');
export const sampleContent = path.join(root, 'content');

/** Folders tempDir made in this test file; tests/helpers/remove-temp-dirs.ts removes them after the file. */
const madeDirs: string[] = [];

export function tempDir(prefix = 'briefing-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  madeDirs.push(dir);
  return dir;
}

/** Removes every folder tempDir made so far (run after each test file). */
export function removeTempDirs(): void {
  for (const dir of madeDirs.splice(0)) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}

/**
 * Removes the temporary folders (org.chromium.Chromium.*) of Chromiums a test
 * killed with SIGKILL: a killed browser cannot remove them itself. For test
 * files that kill a browser on purpose; any other leftover still fails.
 */
export function removeKilledChromiumTemp(): void {
  for (const name of readdirSync(tmpdir())) {
    if (name.startsWith('org.chromium.Chromium.')) rmSync(path.join(tmpdir(), name), { recursive: true, force: true });
  }
}

/** A fresh copy of a fixture folder, so tests can change it. */
export function copyFixture(name: string): string {
  const dir = tempDir();
  cpSync(path.join(fixtures, name), dir, { recursive: true });
  return dir;
}

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Node's arguments for `npm run <command> -- args`, which is `node scripts/run.mjs <command> args`. */
export function cliArgs(command: string, ...args: string[]): string[] {
  return [path.join(root, 'scripts/run.mjs'), command, ...args];
}

/** Runs `npm run build -- args` the way a user does, in `cwd`. */
export function runBuild(args: readonly string[], cwd = root, env: NodeJS.ProcessEnv = {}): CliResult {
  const result = spawnSync(process.execPath, cliArgs('build', ...args), {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * The npm packages a run loaded, from the module URLs it resolved (see
 * trace-imports.mjs): packages loaded from node_modules directly, and those
 * bundled into the chunks of scripts/run.mjs's bundle, which esbuild marks
 * with a `// node_modules/<package>/…` comment where each module begins.
 */
export function packagesLoaded(urls: readonly string[]): string[] {
  const names = new Set<string>();
  const name = (rest: string) => (rest.startsWith('@') ? rest.split('/').slice(0, 2).join('/') : (rest.split('/')[0] as string));
  for (const url of urls) {
    if (!url.startsWith('file:')) continue;
    const file = fileURLToPath(url);
    const bundled = file.includes(`${path.sep}.cache${path.sep}briefing-press${path.sep}`);
    if (bundled) {
      // esbuild names each package's code by its path from the working folder: `node_modules/x/…`, or
      // `../…/node_modules/x/…` when node_modules is a symlink or hoisted to a parent folder.
      for (const match of readFileSync(file, 'utf8').matchAll(/^\/\/ (?:\S*\/)?node_modules\/(\S+)/gm)) names.add(name(match[1] as string));
    } else {
      const at = file.lastIndexOf(`node_modules${path.sep}`);
      if (at !== -1) names.add(name(file.slice(at + 'node_modules/'.length)));
    }
  }
  return [...names].sort();
}
