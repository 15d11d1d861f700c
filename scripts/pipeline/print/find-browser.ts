// Which Chromium prints. PUPPETEER_EXECUTABLE_PATH wins; then a headless
// shell (Debian's chromium-headless-shell), then a system Chromium or Chrome,
// then Puppeteer's own downloads (its headless shell, then its Chrome), so a
// machine with internet access works without a system package.
import { existsSync } from 'node:fs';
import { BriefingError } from '../core/errors.ts';

export class NoBrowserError extends BriefingError {
  constructor() {
    super(
      'No Chromium or Chrome found: install one (Debian/Ubuntu: `apt-get install -y chromium-headless-shell`, or `chromium`), or set PUPPETEER_EXECUTABLE_PATH, or run `npx puppeteer browsers install chrome-headless-shell`',
      { stage: 'print' },
    );
    this.name = 'NoBrowserError';
  }
}

/**
 * System browsers, the headless shell first. The shell is Chromium's headless
 * build without the browser's UI layers: same Blink, same Skia PDF, and the
 * same bytes for our pages (the sample's PDFs compared with `cmp`), but it
 * prints without a print-compositor process per PDF and with a lighter browser
 * process: a cold build of 100 releases took 26.2-26.6 s of CPU with
 * /usr/bin/chromium and 18.9-19.2 s with the shell (cgroup CPU, 2 runs each,
 * Chromium 156, 2026-11-29).
 */
export const systemBrowsers: readonly string[] = [
  // Debian's /usr/bin/chromium-headless-shell is a shell script that runs this and waits (no exec):
  // an extra process per build, standing where the browser's PID should (a crash of the browser is seen by its PID).
  '/usr/lib/chromium/chromium-headless-shell',
  '/usr/bin/chromium-headless-shell',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
];

/** The first system browser installed, if any (no Puppeteer needed: tests and the bench use it too). */
export function systemBrowser(exists: (file: string) => boolean = existsSync): string | undefined {
  return systemBrowsers.find((file) => exists(file));
}

export async function findBrowser(): Promise<string> {
  const fromEnv = process.env.PUPPETEER_EXECUTABLE_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new NoBrowserError();
  }
  const system = systemBrowser();
  if (system) return system;
  // Puppeteer downloads both when it may (`npx puppeteer browsers install`): its shell first, for the same reason.
  const { default: puppeteer } = await import('puppeteer');
  const downloaded = [puppeteer.executablePath({ headless: 'shell' }), puppeteer.executablePath()].find((file) => file && existsSync(file));
  if (downloaded) return downloaded;
  throw new NoBrowserError();
}
