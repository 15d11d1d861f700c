// Puppeteer connected to a Chromium the build started itself (browser.ts,
// warm-browser.ts), through puppeteer-core's connector alone. Its main entry
// also loads what launching and downloading a browser need: @puppeteer/browsers,
// a proxy resolver with a JavaScript engine in WebAssembly, esprima, escodegen.
// That is 2 MB of JavaScript, 90-120 ms of the main thread of every build that
// prints, before its first print, for code we never call.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, ConnectionTransport } from 'puppeteer-core';

/** A Puppeteer browser over `transport`, with the viewport the pages print at. */
export async function connectBrowser(transport: ConnectionTransport): Promise<Browser> {
  const [{ _connectToBrowser }, { environment }] = await Promise.all([
    import('puppeteer-core/internal/common/BrowserConnector.js'),
    import('puppeteer-core/internal/environment.js'),
  ]);
  // What the main entry sets up (puppeteer-core.js): files, for the calls that take a path. No screen recorder.
  environment.value = {
    fs,
    path,
    get ScreenRecorder(): never {
      throw new Error('Page.screencast is not available in this build');
    },
  };
  const browser = await _connectToBrowser({ transport, defaultViewport: { width: 800, height: 600 } });
  // The same class: puppeteer-core declares it twice (its public rolled-up types and beside its sources),
  // and a #private field makes TypeScript treat the two declarations as unrelated.
  return browser as unknown as Browser;
}
