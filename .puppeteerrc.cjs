// Skip Puppeteer's own Chrome download when a system Chromium exists (Debian's
// /usr/bin/chromium, or PUPPETEER_EXECUTABLE_PATH): machines without internet
// cannot download it, and machines with a system browser do not need it.
// Elsewhere the download happens as usual, so Puppeteer's own Chrome works.
const { existsSync } = require('node:fs');
const system = [process.env.PUPPETEER_EXECUTABLE_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']
  .filter(Boolean)
  .some((p) => existsSync(p));
module.exports = { skipDownload: system || process.env.PUPPETEER_SKIP_DOWNLOAD === 'true' };
