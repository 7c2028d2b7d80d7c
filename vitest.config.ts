import { defineConfig } from 'vitest/config';
import { SUITE_LIMIT_MS } from './scripts/test-limits.ts';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'apps/*/test/**/*.test.ts'],
    // Only a hang guard (scripts/test-limits.ts): more than ten times the
    // slowest test without a limit of its own (the SIGTERM test, 3.1 s at a
    // load average of 1 to 7 on 2 cores). vitest's own 5 s default failed
    // tests by the clock on a loaded machine (issue 22).
    testTimeout: SUITE_LIMIT_MS,
    hookTimeout: SUITE_LIMIT_MS,
  },
});
