/** The stock-movements flow's jobs: poll the warehouse, book pending movements, reconcile daily, retry held movements. */
import { sameConnection } from '../../store/connection-scope.ts';
import { stoppedWorkException } from '../shared/exception-catalogue.ts';
import type { JobQueue } from '../../queue/job-queue.ts';
import { evidenceOf, holdRecord } from '../shared/warehouse-records.ts';
import { mapRecordRow } from '../../ledger/map-rows.ts';
import { bookMovements } from './book-movements.ts';
import { STOCK_FLOW, stockJobs, type StockFlowDeps } from './deps.ts';
import { stockException } from './exceptions.ts';
import { pollMovements, queueBooking } from './intake.ts';
import { reconcileStock } from './reconcile.ts';

export function defineStockJobs(
  queue: JobQueue,
  deps: StockFlowDeps,
  options: { movements: boolean; reconciliation: boolean; retryOpenCron: string },
): void {
  if (options.movements) {
    queue.define({
      name: stockJobs.book,
      retry: deps.retry,
      keyOf: () => 'journal',
      handler: async () => void (await bookMovements(deps)),
      onGiveUp: async (_job, error, decision) => {
        // Everything this run left in doubt is held; the next booking looks again first.
        const rows = await deps.db
          .selectFrom('lb_record')
          .selectAll()
          .where(sameConnection(deps.db))
          .where('flow', '=', STOCK_FLOW)
          .where('state', 'in', ['received', 'validated', 'posting'])
          .execute();
        for (const record of rows.map(mapRecordRow)) {
          await holdRecord(
            deps.db,
            record,
            [
              stoppedWorkException(
                STOCK_FLOW,
                decision,
                `Stock movement ${record.sourceRef ?? record.sourceId}`,
                evidenceOf(error, decision),
                () =>
                  stockException(
                    'retries_exhausted',
                    `Stock movement ${record.sourceRef ?? record.sourceId} could not be booked: ${decision.reason}.`,
                    evidenceOf(error, decision),
                  ),
              ),
            ],
            'stock-movements-flow',
          );
        }
      },
    });
    queue.define({ name: stockJobs.poll, retry: deps.retry, handler: async () => void (await pollMovements(deps)) });
    queue.schedule(stockJobs.poll, deps.config.pollCron);
    queue.define({ name: stockJobs.retryOpen, retry: deps.retry, handler: async () => void (await queueBooking(deps)) });
    queue.schedule(stockJobs.retryOpen, options.retryOpenCron);
  }
  if (options.reconciliation) {
    queue.define({ name: stockJobs.reconcile, retry: deps.retry, handler: async () => void (await reconcileStock(deps)) });
    queue.schedule(stockJobs.reconcile, deps.reconciliation.cron);
  }
}
