/**
 * The orders flow wired to in-memory Shopify and BC stand-ins over a real store, with a
 * queue the test drives by hand: queued imports run when the test says so, and a retryable
 * failure puts the job back, as the real queue would after its backoff.
 */
import { systemClock } from '../../src/core/clock.ts';
import { isConnectorError } from '../../src/core/errors.ts';
import { silentLogger } from '../../src/core/logger.ts';
import type { ImportJob, OrdersFlowDeps } from '../../src/flows/orders/deps.ts';
import { importOrder, type ImportOutcome } from '../../src/flows/orders/import-order.ts';
import { takeInOrder } from '../../src/flows/orders/intake.ts';
import type { Store } from '../../src/store/open-store.ts';
import { FakeChannel, FakeErp, RecordingQueue } from './fake-orders-world.ts';
import { testOrdersConfig } from './orders-config.ts';
import type { SampleOptions } from './sample-order.ts';
import { sampleOrder } from './sample-order.ts';

export function ordersHarness(store: Store, configOverrides: Record<string, unknown> = {}) {
  const channel = new FakeChannel();
  const erp = new FakeErp();
  const queue = new RecordingQueue();
  const deps: OrdersFlowDeps = {
    db: store.db,
    channel,
    erp,
    queue,
    config: testOrdersConfig(configOverrides),
    clock: systemClock,
    logger: silentLogger,
  };
  const outcomes: ImportOutcome[] = [];

  /** Runs every queued import (concurrently, as several workers would) until none is left. */
  async function runQueued(rounds = 50): Promise<ImportOutcome[]> {
    for (let round = 0; round < rounds && queue.jobs.length > 0; round += 1) {
      const jobs = queue.drain();
      await Promise.all(
        jobs.map(async (job) => {
          try {
            outcomes.push(await importOrder(deps, job.data as ImportJob));
          } catch (error) {
            if (!isConnectorError(error) || !error.retryable) throw error;
            queue.jobs.push(job); // the real queue retries after its backoff
          }
        }),
      );
    }
    return outcomes;
  }

  async function place(options: SampleOptions = {}) {
    const order = sampleOrder(options);
    await takeInOrder(deps, channel.add(order), 'webhook');
    return order;
  }

  return { channel, erp, queue, deps, runQueued, place, outcomes };
}
