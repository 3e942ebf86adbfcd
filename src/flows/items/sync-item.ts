/**
 * The items step: one BC item becomes (or updates) one warehouse product, and is confirmed
 * once the warehouse answers with it. The upsert is idempotent at the warehouse (looked up
 * by SKU before any create), so a repeat after any doubt sends the same fields again.
 */
import { isConnectorError } from '../../core/errors.ts';
import { addLink, getRecord, transitionRecord, type LedgerRecord } from '../../ledger/index.ts';
import { inTransaction } from '../../store/open-store.ts';
import { holdRecord } from '../shared/warehouse-records.ts';
import { ITEMS_FLOW, type ItemJob, type ItemsFlowDeps } from './deps.ts';
import { itemsException } from './exceptions.ts';
import { mapItemToProduct, type ItemSummary } from './map.ts';

const ACTOR = 'items-flow';

export type SyncOutcome = 'confirmed' | 'already-confirmed' | 'exception' | 'skipped';

export async function syncItem(deps: ItemsFlowDeps, job: ItemJob): Promise<SyncOutcome> {
  const record = await getRecord(deps.db, job.recordId);
  if (!record) throw new Error(`${ITEMS_FLOW}: there is no record ${job.recordId}`);
  if (record.state === 'posted') return 'already-confirmed';
  if (record.state === 'skipped') return 'skipped';
  const item = record.payload as ItemSummary;
  if (item.blocked && !record.targetIds['warehouse.product.id']) {
    await transitionRecord(deps.db, record.id, { to: 'skipped', actor: ACTOR, reason: 'item_blocked', detail: { sku: item.sku } });
    return 'skipped';
  }
  const { product, issues } = mapItemToProduct(item, deps.config);
  if (!product) {
    await holdRecord(
      deps.db,
      record,
      [
        itemsException(
          'item_invalid',
          `Item ${item.sku} cannot be sent to the warehouse: ${issues.map((issue) => issue.message).join('; ')}.`,
          { item, issues },
        ),
      ],
      ACTOR,
    );
    return 'exception';
  }
  const posting = await transitionRecord(deps.db, record.id, {
    to: 'posting',
    actor: ACTOR,
    reason: 'sending_to_warehouse',
    externalRef: product.sku,
    countAttempt: true,
  });
  try {
    const result = await deps.warehouse.upsertProduct(product);
    if (result.product.sku.toUpperCase() !== product.sku.toUpperCase()) {
      await holdRecord(
        deps.db,
        posting,
        [
          itemsException('item_not_confirmed', `The warehouse answered for SKU ${result.product.sku} when asked for ${product.sku}.`, {
            sent: product,
            answer: result.product,
          }),
        ],
        ACTOR,
      );
      return 'exception';
    }
    await confirm(deps, posting, item, result.product.wmsProductId, result.outcome);
    return 'confirmed';
  } catch (error) {
    if (isConnectorError(error) && !error.retryable) {
      await holdRecord(
        deps.db,
        posting,
        [
          itemsException('item_refused_by_warehouse', `The warehouse refused item ${product.sku}: ${error.message}`, {
            sent: product,
            error: error.toJSON(),
          }),
        ],
        ACTOR,
      );
      return 'exception';
    }
    throw error;
  }
}

async function confirm(
  deps: ItemsFlowDeps,
  record: LedgerRecord,
  item: ItemSummary,
  wmsProductId: string,
  outcome: 'created' | 'updated',
): Promise<void> {
  await inTransaction(deps.db, async (trx) => {
    await transitionRecord(trx, record.id, {
      to: 'posted',
      actor: ACTOR,
      reason: outcome === 'created' ? 'product_created_at_warehouse' : 'product_updated_at_warehouse',
      targetIds: { 'warehouse.product.id': wmsProductId },
      detail: { sku: item.sku, outcome },
    });
    await addLink(trx, record.linkGroup, { system: 'bc', kind: 'item', externalId: item.sku, label: item.sku });
    await addLink(trx, record.linkGroup, { system: 'warehouse', kind: 'product', externalId: `product:${wmsProductId}`, label: item.sku });
  });
  deps.logger.info({ sku: item.sku, outcome }, 'item confirmed at the warehouse');
}
