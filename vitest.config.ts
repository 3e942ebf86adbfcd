import { availableParallelism } from 'node:os';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

/**
 * The whole-process tests (a sandbox, a hub killed and restarted) spend most of their minutes
 * waiting on polls and restarts. Started first, they overlap the many CPU-bound files; sorted by
 * size, as vitest does on a clean clone, several of them started last and the run waited on them.
 */
const waitsOnProcesses = /[\\/]test[\\/](e2e|security)[\\/]/;

class ProcessTestsFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const first = (spec: TestSpecification) => waitsOnProcesses.test(spec.moduleId);
    return [...sorted.filter(first), ...sorted.filter((spec) => !first(spec))];
  }
}

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'emulators/**/*.test.ts', 'test/**/*.test.ts'],
    // Files run in parallel in forks, each with its own embedded store. One more worker than
    // cores: with one per core the suite used 1.1 of the 2 cores (it waits on spawned hubs,
    // restarts and PostgreSQL more than it computes); with three it took 290 s, not 351 s.
    pool: 'forks',
    maxWorkers: Number(process.env.LEDGERBRIDGE_TEST_WORKERS) || availableParallelism() + 1,
    // A worker runs file after file without re-importing the modules each time (no test
    // changes process-wide state: no module mocks, stubbed globals or environment writes).
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    globalSetup: ['test/global-setup.ts'],
    sequence: { sequencer: ProcessTestsFirst },
  },
});
