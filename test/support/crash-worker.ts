// A hub-like process for crash tests: takes one job, says so on stdout, then hangs until killed.
import { systemClock } from '../../src/core/clock.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { JobQueue } from '../../src/queue/job-queue.ts';
import { openStore } from '../../src/store/open-store.ts';

const [target] = process.argv.slice(2);
const store = target!.startsWith('postgres')
  ? await openStore({ backend: 'postgres', url: target! })
  : await openStore({ backend: 'embedded', dataDir: target! });
const queue = new JobQueue({ store, clock: systemClock, logger: silentLogger, pollingIntervalSeconds: 0.5 });
queue.define<{ n: number }>({
  name: 'test.crash',
  retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 10 },
  expireInSeconds: 2,
  handler: async () => {
    process.stdout.write('started\n');
    await new Promise(() => undefined);
  },
});
await queue.start();
await queue.enqueue('test.crash', { n: 1 });
