// Finds and launches one headless Chromium per build. A system browser
// (PUPPETEER_EXECUTABLE_PATH, then Debian's /usr/bin/chromium and friends) is
// preferred; otherwise Puppeteer's own downloaded Chrome is used, so a machine
// with internet access works without a system package.
import { existsSync } from 'node:fs';
import type { Browser } from 'puppeteer';

export class NoBrowserError extends Error {
  constructor() {
    super(
      'No Chromium or Chrome found: install one (Debian/Ubuntu: `apt-get install -y chromium`), or set PUPPETEER_EXECUTABLE_PATH, or run `npx puppeteer browsers install chrome`',
    );
    this.name = 'NoBrowserError';
  }
}

const systemBrowsers = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome-stable', '/usr/bin/google-chrome'];

export async function findBrowser(): Promise<string> {
  const fromEnv = process.env.PUPPETEER_EXECUTABLE_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new NoBrowserError();
  }
  const system = systemBrowsers.find((p) => existsSync(p));
  if (system) return system;
  const { default: puppeteer } = await import('puppeteer');
  const bundled = puppeteer.executablePath();
  if (bundled && existsSync(bundled)) return bundled;
  throw new NoBrowserError();
}

/**
 * Flags: no sandbox only when running as root (Chrome refuses to start
 * otherwise); no background networking, component updates or sync, which on a
 * closed network make Chromium retry connections for as long as it runs.
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
  ];
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  return args;
}

export async function launchBrowser(executablePath?: string): Promise<Browser> {
  const { default: puppeteer } = await import('puppeteer');
  return puppeteer.launch({
    executablePath: executablePath ?? (await findBrowser()),
    headless: true,
    args: browserArgs(),
  });
}
