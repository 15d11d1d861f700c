// Which browser prints: the headless shell when it is installed (it prints the
// same bytes with about 30% less CPU, print/find-browser.ts), a full Chromium
// otherwise.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemBrowser, systemBrowsers } from '../../scripts/pipeline/print/find-browser.ts';
import { root } from '../helpers/project.ts';

const having =
  (...files: string[]) =>
  (file: string) =>
    files.includes(file);

describe('systemBrowser', () => {
  it('prefers the headless shell to a full Chromium', () => {
    expect(systemBrowser(having('/usr/bin/chromium', '/usr/bin/chromium-headless-shell'))).toBe('/usr/bin/chromium-headless-shell');
    // Debian's binary itself, not the script in /usr/bin that runs it and waits.
    expect(
      systemBrowser(having('/usr/bin/chromium', '/usr/bin/chromium-headless-shell', '/usr/lib/chromium/chromium-headless-shell')),
    ).toBe('/usr/lib/chromium/chromium-headless-shell');
  });

  it('takes a full Chromium, then Chrome, when there is no shell', () => {
    expect(systemBrowser(having('/usr/bin/google-chrome', '/usr/bin/chromium'))).toBe('/usr/bin/chromium');
    expect(systemBrowser(having('/usr/bin/google-chrome'))).toBe('/usr/bin/google-chrome');
  });

  it('finds none on a machine without one', () => {
    expect(systemBrowser(having())).toBeUndefined();
  });
});

describe('.puppeteerrc.cjs', () => {
  it('skips the download for every system browser the build would use', () => {
    // CommonJS, read by Puppeteer before any of our code: it lists them again.
    const listed = [...readFileSync(path.join(root, '.puppeteerrc.cjs'), 'utf8').matchAll(/'(\/usr\/[^']+)'/g)].map((m) => m[1]);
    expect(listed).toEqual([...systemBrowsers]);
  });
});
