import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // End-to-end tests start Chromium; two files at once fill this 2-core machine.
    maxWorkers: 2,
    // Only a guard against hangs: a two-build test took 122 s with the load average at 30 on two
    // cores (the suite's third run beside a build and three other jobs), and failed at 120 s.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    // Each test file gets its own TMPDIR, which must be empty after it (see remove-temp-dirs.ts).
    setupFiles: ['./tests/helpers/remove-temp-dirs.ts'],
    reporters: ['default', './tests/helpers/summary-reporter.ts'],
  },
});
