import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // End-to-end tests start Chromium; two files at once fill this 2-core machine.
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Each test file gets its own TMPDIR, which must be empty after it (see remove-temp-dirs.ts).
    setupFiles: ['./tests/helpers/remove-temp-dirs.ts'],
    reporters: ['default', './tests/helpers/summary-reporter.ts'],
  },
});
