import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Unit, end-to-end and browser tests (tests/browser: Debian's Chromium through playwright-core); a glob,
    // so that a new folder of tests is never left out.
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // End-to-end tests start servers and SQLite files; two cores do not gain from more workers.
    maxWorkers: 2,
  },
});
