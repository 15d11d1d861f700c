// Skip Puppeteer's own browser downloads when a system browser exists (the
// list of print/find-browser.ts, kept equal by tests/unit/find-browser.test.ts,
// or PUPPETEER_EXECUTABLE_PATH): machines without internet cannot download
// them, and machines with a system browser do not need them. Elsewhere
// Puppeteer downloads Chrome and its headless shell as usual, and the build
// prints with the shell.
const { existsSync } = require('node:fs');
const system = [
  process.env.PUPPETEER_EXECUTABLE_PATH,
  '/usr/lib/chromium/chromium-headless-shell',
  '/usr/bin/chromium-headless-shell',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
]
  .filter(Boolean)
  .some((p) => existsSync(p));
module.exports = { skipDownload: system || process.env.PUPPETEER_SKIP_DOWNLOAD === 'true' };
