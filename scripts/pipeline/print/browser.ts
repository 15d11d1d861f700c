// Launches one headless Chromium per build (which one: find-browser.ts), with
// the flags Puppeteer would pass and ours.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { Browser } from 'puppeteer';
import { BriefingError } from '../core/errors.ts';
import { onInterrupt, throwIfInterrupted } from '../core/interrupt.ts';
import { BrowserProcess } from './browser-process.ts';
import { connectBrowser } from './connect-browser.ts';
import { findBrowser } from './find-browser.ts';
import { PipeTransport } from './pipe-transport.ts';

/**
 * Chromium was found but did not start (a missing library, no /dev/shm, a
 * machine too loaded to start it in time): nothing in the content can fix it,
 * so it stops the build as one line, like a missing browser, not as a crash.
 */
export class BrowserStartError extends BriefingError {
  constructor(executable: string, why: string, stderr: string) {
    const said = lastLine(stderr);
    super(
      `Chromium (${executable}) ${why}${said ? `: ${said}` : ''}; check that it runs, or set PUPPETEER_EXECUTABLE_PATH to a Chrome or Chromium that does`,
      { stage: 'print' },
    );
    this.name = 'BrowserStartError';
  }
}

/**
 * Flags on top of Puppeteer's defaults: no sandbox only when running as root
 * (Chrome refuses to start otherwise); no background networking, component
 * updates or sync, which on a closed network make Chromium retry connections
 * for as long as it runs; no frames drawn unless asked for.
 */
export function browserArgs(): string[] {
  const args = [
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-default-apps',
    '--disable-extensions',
    '--disable-dev-shm-usage',
    '--font-render-hinting=none',
    // Frames only when asked for (nothing here asks): a print needs no frame,
    // yet each setContent had the compositor draw and composite frames of a
    // page no one sees. Cold build of 100: 15% less CPU, same bytes.
    '--enable-begin-frame-control',
  ];
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  return args;
}

/**
 * What `puppeteer.launch({ headless: true })` passes, minus what browserArgs
 * already sets and `--enable-automation` (an infobar no one sees). Written out
 * because Chromium is started before Puppeteer is loaded; a unit test compares
 * it with `puppeteer.defaultArgs()`, so an upgrade that changes them is noticed.
 */
export const puppeteerDefaults: readonly string[] = [
  '--allow-pre-commit-input',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--disable-breakpad',
  '--disable-client-side-phishing-detection',
  '--disable-component-extensions-with-background-pages',
  '--disable-crash-reporter',
  '--disable-hang-monitor',
  '--disable-infobars',
  '--disable-ipc-flooding-protection',
  '--disable-popup-blocking',
  '--disable-prompt-on-repost',
  '--disable-renderer-backgrounding',
  '--disable-search-engine-choice-screen',
  '--export-tagged-pdf',
  '--force-color-profile=srgb',
  '--generate-pdf-document-outline',
  '--metrics-recording-only',
  '--password-store=basic',
  '--use-mock-keychain',
  '--disable-features=Translate,AcceptCHFrame,MediaRouter,OptimizationHints,WebUIReloadButton,ProcessPerSiteUpToMainFrameThreshold,IsolateSandboxedIframes',
  '--enable-features=PdfOopif',
  // A headless shell is headless whatever this says; it accepts the flag and ignores its value.
  '--headless=new',
  '--hide-scrollbars',
  '--mute-audio',
];

/** A Chromium this process started; `close` ends it and removes its profile. */
export interface LaunchedBrowser {
  readonly browser: Browser;
  readonly pid: number | undefined;
  close(): Promise<void>;
}

const startTimeoutMs = 60_000;

/**
 * Starts Chromium at once and connects Puppeteer to it over a pipe
 * (--remote-debugging-pipe). Chromium's start (about a second of CPU on two
 * cores) then overlaps loading Puppeteer and the other stages, where
 * `puppeteer.launch` would first need Puppeteer loaded. The pipe also opens
 * no debugging port that other local users could connect to, and Chromium
 * exits when it closes, so a build that dies leaves no browser behind.
 * Interrupted (core/interrupt.ts), the build ends it at once (BrowserProcess).
 */
export async function launchBrowser(executablePath?: string): Promise<LaunchedBrowser> {
  const executable = executablePath ?? (await findBrowser());
  throwIfInterrupted();
  const profile = mkdtempSync(path.join(tmpdir(), 'briefing-chromium-'));
  // Chromium's own temporary folders (org.chromium.Chromium.*) land in the profile and go with it:
  // one killed, or stopped while it starts, never removes its own.
  const temp = path.join(profile, 'tmp');
  mkdirSync(temp);
  const child = spawn(
    executable,
    [...puppeteerDefaults, ...browserArgs(), '--remote-debugging-pipe', `--user-data-dir=${profile}`, 'about:blank'],
    { detached: true, env: { ...process.env, TMPDIR: temp }, stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] },
  );
  const processes = new BrowserProcess(child, profile);
  const forgetInterrupt = onInterrupt(() => processes.end());
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    stderr = (stderr + text).slice(-2000);
  });
  const exited = new Promise<never>((_, reject) => {
    const fail = (why: string) => reject(new BrowserStartError(executable, why, stderr));
    child.once('error', (error) => fail(`could not be started (${error.message})`));
    child.once('exit', (code, signal) => fail(`exited while starting (${signal ?? `code ${code}`})`));
  });
  exited.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new BrowserStartError(executable, `did not start within ${startTimeoutMs / 1000} s`, stderr)),
      startTimeoutMs,
    );
  });
  // Awaited only in the races below: a limit passed before them must not be an unhandled rejection (a crash with a stack trace).
  timeout.catch(() => undefined);
  try {
    const transport = new PipeTransport(child.stdio[3] as Writable, child.stdio[4] as Readable);
    const browser = await Promise.race([connectBrowser(transport), exited, timeout]);
    let closing: Promise<void> | undefined;
    return {
      browser,
      pid: child.pid,
      close: () => {
        closing ??= (async () => {
          // Browser.close normally ends the process within a few hundred ms, but its
          // answer can be lost when a page is closing at the same moment (seen after a
          // print timeout): the grace period starts first, so close always ends.
          const grace = setTimeout(() => processes.kill(), 5000);
          await Promise.race([browser.close().catch(() => undefined), processes.exited]);
          await processes.exited;
          clearTimeout(grace);
          await processes.end();
          forgetInterrupt();
        })();
        return closing;
      },
    };
  } catch (error) {
    await processes.end();
    forgetInterrupt();
    // Stopped by the user while starting: nothing to report, the CLI has said why.
    throwIfInterrupted();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1) ?? '';
}
