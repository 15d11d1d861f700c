// Chromium is started before Puppeteer is loaded, with Puppeteer's default
// flags written out in browser.ts: an upgrade of Puppeteer that changes them
// must be noticed here.
import puppeteer from 'puppeteer';
import { describe, expect, it } from 'vitest';
import { browserArgs, puppeteerDefaults } from '../../scripts/pipeline/print/browser.ts';

describe('Chromium flags', () => {
  it('start Chromium as puppeteer.launch({ headless: true }) would, with ours added', () => {
    const ours = new Set([...puppeteerDefaults, ...browserArgs()]);
    // The automation infobar no one sees, and the first tab's address (given apart).
    const missing = puppeteer
      .defaultArgs({ headless: true })
      .filter((flag) => !ours.has(flag) && !['--enable-automation', 'about:blank'].includes(flag));
    expect(missing).toEqual([]);
  });

  it('turn the sandbox off only for root', () => {
    expect(browserArgs().includes('--no-sandbox')).toBe(process.getuid?.() === 0);
  });
});
