// The other tools, on the same Markdown in the same run. md-to-pdf is not a
// dependency of the project (CI would download its own Chrome): the bench
// installs it on demand into a cache outside the repository, without its
// browser, and points its Puppeteer at the same Chromium (through the probe's
// wrapper). WeasyPrint and Pandoc are only said present or not.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { systemBrowsers } from '../pipeline/print/find-browser.ts';
import { releaseFiles } from './generate.ts';
import { browserVariable, type Measure, measure, type Probe } from './measure.ts';

const mdToPdfVersion = '5.2.5';
/** md-to-pdf's best batching, as measured in issue 14: 20 files per call, one call at a time. */
export const mdToPdfBatch = 20;
/** Tries of one call: its failures are a race (cleanCallSeconds), and a second try usually runs clean. */
export const mdToPdfAttempts = 3;
/** A call that takes longer has hung (seen on a loaded machine): the peer is then reported as failed. */
const callTimeoutSeconds = 600;
const cache = path.join(process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), 'briefing-press/bench-peers');

export interface PeerResult {
  readonly name: string;
  readonly measure?: Measure;
  /** Why it was not measured. */
  readonly skipped?: string;
  /** What went wrong in a measured run: calls that failed, files left without a PDF, the errors said. */
  readonly failures?: string;
}

/**
 * The browser md-to-pdf runs on as shipped: a full Chrome or Chromium (its
 * Puppeteer downloads Chrome, not the headless shell), here the system's; or
 * undefined when there is none but a headless shell.
 */
export function fullBrowser(): string | undefined {
  return systemBrowsers.filter((file) => !file.includes('headless-shell')).find((file) => existsSync(file));
}

/** md-to-pdf's command-line entry, installed into the cache if it is not there yet; or why it cannot be had. */
function mdToPdfCli(): { cli: string } | { skipped: string } {
  const cli = path.join(cache, 'node_modules/md-to-pdf/dist/cli.js');
  const manifest = path.join(cache, 'node_modules/md-to-pdf/package.json');
  const installed = () =>
    existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version === mdToPdfVersion;
  if (!installed()) {
    process.stderr.write(`installing md-to-pdf@${mdToPdfVersion} into ${cache} (once; no browser download)\n`);
    mkdirSync(cache, { recursive: true });
    const npm = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--prefix', cache, `md-to-pdf@${mdToPdfVersion}`], {
      env: { ...process.env, PUPPETEER_SKIP_DOWNLOAD: '1' },
      encoding: 'utf8',
    });
    if (npm.status !== 0 || !installed())
      return { skipped: `cannot install md-to-pdf@${mdToPdfVersion}: ${(npm.stderr ?? '').trim().split('\n').pop() ?? ''}` };
  }
  return { cli };
}

/**
 * md-to-pdf on a copy of `content`'s Markdown, `mdToPdfBatch` files per call,
 * the calls one after another, all in one measured process, on `browser` (by
 * default the one our build prints with).
 */
export async function measureMdToPdf(content: string, probe: Probe, browser?: string): Promise<PeerResult> {
  const name = `md-to-pdf ${mdToPdfVersion} (${mdToPdfBatch} files per call${browser ? `, on ${browser}` : ', on our browser'})`;
  const found = mdToPdfCli();
  if ('skipped' in found) return { name, skipped: found.skipped };
  const copy = path.join(probe.work, `md-to-pdf${browser ? `-${path.basename(browser)}` : ''}`);
  // Its own TMPDIR, inside the bench's folder: a call that fails leaves its Chromium's
  // org.chromium.Chromium.* folders behind (seen: 4 in /tmp after one run), and that folder is removed.
  const temp = path.join(copy, '.tmp');
  mkdirSync(temp, { recursive: true });
  probe = { ...probe, env: { ...probe.env, TMPDIR: temp, ...(browser ? { [browserVariable]: browser } : {}) } };
  const files = releaseFiles(content).map((file) => {
    const target = path.join(copy, path.basename(file));
    cpSync(file, target);
    return target;
  });
  const launch = JSON.stringify({ executablePath: probe.env.PUPPETEER_EXECUTABLE_PATH, args: ['--no-sandbox'] });
  const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;
  const calls: string[] = [];
  for (let i = 0; i < files.length; i += mdToPdfBatch) {
    const batch = files.slice(i, i + mdToPdfBatch).map((f) => path.basename(f));
    const command = ['timeout', String(callTimeoutSeconds), process.execPath, found.cli, '--launch-options', launch, ...batch];
    // Every call runs, whatever the one before did; each attempt says how it ended, with its own time
    // (`date +%s%N` around it). A call that failed (md-to-pdf's own navigation race) is tried again, up to
    // `mdToPdfAttempts` times, so its clean time is measured, not guessed (cleanCallSeconds).
    calls.push(
      `for attempt in $(seq ${mdToPdfAttempts}); do\nstarted=$(date +%s%N)\n${command.map(quote).join(' ')}\nstatus=$?\necho "md-to-pdf call ${calls.length + 1}: exit $status in $(( ($(date +%s%N) - started) / 1000000 )) ms" >&2\n[ $status -eq 0 ] && break\ndone`,
    );
  }
  // md-to-pdf serves each file from its working folder: run in the copy, with names, not paths outside it.
  const result = await measure('/bin/sh', ['-c', calls.join('\n')], probe, copy);
  const made = files.filter((f) => existsSync(f.replace(/\.md$/, '.pdf'))).length;
  const failures = mdToPdfFailures(result.stderr, calls.length, made, files.length);
  return failures ? { name, measure: result, failures } : { name, measure: result };
}

/**
 * What md-to-pdf's printout says went wrong: the calls that exited non-zero,
 * the files left without a PDF, and each error message with its count. (It
 * prints Listr's collected errors whole; their last line, `context: [Object:
 * null prototype] {}`, says nothing.)
 */
export function mdToPdfFailures(stderr: string, calls: number, made: number, files: number): string | undefined {
  const exits = [...stderr.matchAll(callLine)].filter((m) => m[2] !== '0');
  if (exits.length === 0 && made === files) return undefined;
  const errors = new Map<string, number>();
  for (const m of stderr.matchAll(/^\s*((?:\w+)?Error: .*)$/gm)) {
    const text = (m[1] ?? '').trim();
    errors.set(text, (errors.get(text) ?? 0) + 1);
  }
  const said = [...errors].map(([text, count]) => `${count} × ${text}`).join('; ');
  const failed = exits.map((m) => `call ${m[1]} exit ${m[2]}${m[2] === '124' ? ' (timed out)' : ''}`).join(', ');
  return `${failed || 'every call exited 0'} of ${calls}; ${made} of ${files} PDFs made${said ? `; it said: ${said}` : ''}`;
}

/** The line each call ends with: its number, exit status and milliseconds. */
const callLine = /^md-to-pdf call (\d+): exit (\d+)(?: in (\d+) ms)?$/gm;

/**
 * md-to-pdf's time had every call run clean: the calls that exited 0 as they
 * ran, each of the others counted at the clean calls' median. Its failures are
 * its own race (it waits for a navigation that a same-page `pushState` may
 * already have fired, then for Puppeteer's 30 s timeout), so a run with them
 * says more about that race than about its speed; this is the figure to
 * compare with, beside the measured one. Undefined without a clean call.
 */
export function cleanCallSeconds(stderr: string): { seconds: number; clean: number; calls: number } | undefined {
  // By call: a call tried again counts by its clean try, if it had one.
  const byCall = new Map<string, number | undefined>();
  for (const m of stderr.matchAll(callLine)) {
    const ms = Number(m[3]);
    const clean = m[2] === '0' && Number.isFinite(ms) ? ms : undefined;
    byCall.set(m[1] ?? '', clean ?? byCall.get(m[1] ?? ''));
  }
  const clean = [...byCall.values()].filter((ms): ms is number => ms !== undefined).sort((a, b) => a - b);
  const median = clean[Math.floor(clean.length / 2)];
  if (median === undefined) return undefined;
  const total = clean.reduce((sum, ms) => sum + ms, 0) + (byCall.size - clean.length) * median;
  return { seconds: total / 1000, clean: clean.length, calls: byCall.size };
}

/** Whether a command is on the PATH. */
export const installed = (command: string): boolean => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;

/** WeasyPrint and Pandoc: said, not measured (the bench never installs system packages, and has no step for them yet). */
export function otherPeers(): PeerResult[] {
  return ['weasyprint', 'pandoc'].map((command) => ({
    name: command,
    skipped: installed(command) ? 'installed, but the bench has no step for it yet' : 'not installed',
  }));
}
