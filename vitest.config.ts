import { defineConfig } from 'vitest/config';

// Two projects, run one after the other by `npm test`:
// - `parallel`: unit, end-to-end and browser tests (tests/browser: Debian's Chromium through playwright-core);
//   globs, so that a new folder of tests is never left out.
// - `alone`: tests that spawn processes or hold real HTTP timeouts (the soak, the crash test, the process
//   tests). Sharing two cores with other test files turns their timeouts into faults they did not inject, so
//   they run one file at a time, after the rest.
const ALONE = ['tests/alone/**/*.test.ts'];

export default defineConfig({
  test: {
    // Generous: a shared CI machine can be many times slower than a quiet one, and these bound hangs, not speed.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    setupFiles: ['tests/support/fetch-retry.ts'],
    projects: [
      {
        extends: true,
        // End-to-end tests start servers and SQLite files; two cores do not gain from more workers.
        test: { name: 'parallel', include: ['tests/**/*.test.ts'], exclude: ALONE, maxWorkers: 2 },
      },
      { extends: true, test: { name: 'alone', include: ALONE, fileParallelism: false, maxWorkers: 1 } },
    ],
  },
});
