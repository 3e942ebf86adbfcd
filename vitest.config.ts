import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'emulators/**/*.test.ts', 'test/**/*.test.ts'],
    // Files run in parallel in forks, each with its own embedded store, on every core: vitest's
    // default leaves one core free, which on the 2-core CI machines meant one file at a time.
    pool: 'forks',
    maxWorkers: Number(process.env.LEDGERBRIDGE_TEST_WORKERS) || availableParallelism(),
    testTimeout: 30_000,
    hookTimeout: 60_000,
    globalSetup: ['test/global-setup.ts'],
  },
});
