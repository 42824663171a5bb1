import { defineConfig } from 'vitest/config';

// Integration tests spawn real processes (the CLI, the simulator): generous timeouts, and
// no more workers than this 2-core class of machine runs well.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
  },
});
