// Runs `npm run build` as a user does and stops it with a signal at a chosen
// moment; then tells what it left behind. Each build has a TMPDIR of its own,
// so its leftovers are told apart from those of other jobs on the machine.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { cliArgs, root, tempDir } from './project.ts';

/** When to send the signal: the output folder just locked, Chromium's profile just made, some releases printed. */
export type Moment = 'locked' | 'browser-starting' | 'printing';

export interface Interruption {
  readonly moment: Moment;
  readonly signal: 'SIGINT' | 'SIGTERM';
  /** Ms to wait after the moment before the signal. */
  readonly delayMs?: number;
  /** As a terminal sends Ctrl-C: to the build's whole process group, not its process alone. */
  readonly toGroup?: boolean;
  /** Sends the signal a second time, this many ms after the first. */
  readonly againAfterMs?: number;
}

export interface InterruptedBuild {
  readonly code: number | null;
  readonly stderr: string;
  /** The build's TMPDIR and output folder. */
  readonly tmp: string;
  readonly out: string;
}

export interface BuildSetup {
  /** Flags after --content, --out and --concurrency 2 (default: a browser of its own, `--keep-browser 0`). */
  readonly args?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
}

/** Runs a build of `content` into a fresh folder and stops it as `how` says; resolves when it has exited. */
export async function interruptBuild(content: string, how: Interruption, setup: BuildSetup = {}): Promise<InterruptedBuild> {
  const dir = tempDir('bp-int-');
  const tmp = path.join(dir, 'tmp');
  const out = path.join(dir, 'out');
  mkdirSync(tmp);
  const child = spawn(
    process.execPath,
    cliArgs('build', '--content', content, '--out', out, '--concurrency', '2', ...(setup.args ?? ['--keep-browser', '0'])),
    // Detached: a group of its own, to send a terminal's Ctrl-C to.
    { cwd: root, env: { ...process.env, NO_COLOR: '1', ...setup.env, TMPDIR: tmp }, stdio: ['ignore', 'ignore', 'pipe'], detached: true },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const reached: Record<Moment, () => boolean> = {
    locked: () => existsSync(path.join(out, '.briefing.lock')),
    'browser-starting': () => readdirSync(tmp).some((name) => name.startsWith('briefing-chromium-')),
    printing: () => /^\[1\/\d+\] built/m.test(stderr),
  };
  let ended = false;
  void exited.then(() => {
    ended = true;
  });
  while (!reached[how.moment]()) {
    if (ended) throw new Error(`The build ended before the moment \`${how.moment}\`:\n${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  if (how.delayMs) await new Promise((resolve) => setTimeout(resolve, how.delayMs));
  const send = () => {
    if (child.pid === undefined || ended) return;
    try {
      if (how.toGroup) process.kill(-child.pid, how.signal);
      else child.kill(how.signal);
    } catch {
      // Exited meanwhile.
    }
  };
  send();
  if (how.againAfterMs !== undefined) setTimeout(send, how.againAfterMs);
  return { code: await exited, stderr, tmp, out };
}

/** Every file and folder under `dir`, relative to it. */
export function listAll(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort() : [];
}

/** Live processes (PID and command line) whose TMPDIR is `tmp` or inside it: the build's Chromium gets one inside its profile. */
export function processesUsing(tmp: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let environ: string;
    try {
      environ = readFileSync(`/proc/${name}/environ`, 'latin1'); // empty for a zombie
    } catch {
      continue;
    }
    if (!environ.split('\0').some((entry) => entry === `TMPDIR=${tmp}` || entry.startsWith(`TMPDIR=${tmp}/`))) continue;
    let command = '';
    try {
      command = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ').slice(0, 200);
    } catch {
      // gone meanwhile
    }
    found.push(`${name} ${command}`);
  }
  return found;
}
