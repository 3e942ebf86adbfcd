/**
 * The items flow over a real store with in-memory BC and warehouse: new items are confirmed
 * once, a change the warehouse would see is sent again (the confirmation stays), an
 * unchanged poll sends nothing, and every failure is a critical master-data exception for
 * operations — invalid data, a refusal, or a warehouse that stays unreachable.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordingQueue } from '../../../test/support/fake-orders-world.ts';
import { embeddedBackend } from '../../../test/support/backends.ts';
import { itemsFlowSchema } from '../../config/warehouse-schema.ts';
import { systemClock } from '../../core/clock.ts';
import type { UpsertProductResult, WarehouseProduct } from '../../core/domain/warehouse.ts';
import { ConnectorError } from '../../core/errors.ts';
import { silentLogger } from '../../core/logger.ts';
import { decideRetry } from '../../core/retry.ts';
import { findRecord, listExceptions } from '../../ledger/index.ts';
import { giveUpOnRecord } from '../shared/warehouse-records.ts';
import type { Store } from '../../store/open-store.ts';
import { confirmedSkus, isItemConfirmedAtWarehouse } from './confirmed.ts';
import type { ItemJob, ItemsFlowDeps } from './deps.ts';
import { itemsException } from './exceptions.ts';
import { pollItems } from './intake.ts';
import type { ErpWarehouseItem } from './ports.ts';
import { syncItem } from './sync-item.ts';

describe('items flow', () => {
  let store: Store;
  beforeAll(async () => {
    store = await embeddedBackend().open();
  });
  afterAll(() => store.close());

  function world() {
    const items: ErpWarehouseItem[] = [];
    const sent: WarehouseProduct[] = [];
    let failure: ConnectorError | undefined;
    const queue = new RecordingQueue();
    const deps: ItemsFlowDeps = {
      db: store.db,
      queue,
      clock: systemClock,
      logger: silentLogger,
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
      config: itemsFlowSchema.parse({}),
      erp: {
        async *listItemsChangedSince(since) {
          for (const item of items) if (item.lastModifiedDateTime > since) yield item;
        },
      },
      warehouse: {
        async upsertProduct(product): Promise<UpsertProductResult> {
          if (failure) throw failure;
          sent.push(product);
          return {
            outcome: sent.filter((earlier) => earlier.sku === product.sku).length > 1 ? 'updated' : 'created',
            product: { ...product, wmsProductId: String(5000 + sent.length) },
          };
        },
      },
    };
    let clock = Date.parse('2030-01-01T00:00:00Z');
    const change = (item: Partial<ErpWarehouseItem> & { number: string }) => {
      clock += 60_000;
      const index = items.findIndex((existing) => existing.number === item.number);
      const next = {
        displayName: item.number,
        gtin: null,
        blocked: false,
        type: 'Inventory',
        weightKg: null,
        hsCode: null,
        countryOfOrigin: null,
        ...(index >= 0 ? items[index] : {}),
        ...item,
        lastModifiedDateTime: new Date(clock).toISOString(),
      };
      if (index >= 0) items[index] = next;
      else items.push(next);
    };
    const run = async () => {
      await pollItems(deps);
      const outcomes = [];
      for (const job of queue.drain()) {
        try {
          outcomes.push(await syncItem(deps, job.data as ItemJob));
        } catch (error) {
          outcomes.push(error);
        }
      }
      return outcomes;
    };
    return { deps, sent, change, run, fail: (error: ConnectorError | undefined) => (failure = error) };
  }

  it('confirms new items once, sends a visible change again, and nothing for an unchanged poll', async () => {
    const { sent, change, run } = world();
    change({ number: 'ITM-SCARF', displayName: 'Wool Scarf', gtin: '5060123450219' });
    change({ number: 'ITM-SERVICE', type: 'Service' });
    expect(await run()).toEqual(['confirmed']);
    expect(sent.map((product) => product.sku)).toEqual(['ITM-SCARF']);
    expect(await isItemConfirmedAtWarehouse(store.db, 'itm-scarf')).toBe(true);
    expect(await confirmedSkus(store.db, ['ITM-SCARF', 'ITM-SERVICE'])).toEqual(new Set(['ITM-SCARF']));

    expect(await run()).toEqual([]);
    change({ number: 'ITM-SCARF', gtin: '5060123450226' });
    expect(await run()).toEqual(['confirmed']);
    expect(sent.map((product) => product.barcode)).toEqual(['5060123450219', '5060123450226']);
    const record = await findRecord(store.db, { flow: 'items', sourceSystem: 'bc', sourceId: 'ITM-SCARF' });
    expect(record).toMatchObject({ state: 'posted', targetIds: { 'warehouse.product.id': '5002' } });
  });

  it('holds an invalid item, a refused one and an unreachable warehouse as critical master-data exceptions for operations', async () => {
    const { deps, change, run, fail } = world();
    change({ number: 'ITM BAD' });
    change({ number: 'ITM-REFUSED' });
    fail(
      new ConnectorError({
        system: 'warehouse',
        code: 'invalid_request',
        message: "Product with SKU 'ITM-REFUSED' already exists for another client",
      }),
    );
    expect(await run()).toEqual(['exception', 'exception']);
    fail(new ConnectorError({ system: 'warehouse', code: 'upstream_unavailable', message: 'Mintsoft answered 503' }));
    change({ number: 'ITM-LATER' });
    // The poll's overlap reads the held items again; the new one meets the outage.
    const thrown = (await run()).find((outcome) => outcome instanceof ConnectorError);
    expect(thrown).toBeInstanceOf(ConnectorError);
    const later = await findRecord(store.db, { flow: 'items', sourceSystem: 'bc', sourceId: 'ITM-LATER' });
    const decision = decideRetry({ error: thrown, attempt: 2, policy: deps.retry });
    await giveUpOnRecord(store.db, later!.id, thrown, decision, {
      actor: 'items-flow',
      what: () => 'Item ITM-LATER',
      refused: (m, e) => itemsException('item_refused_by_warehouse', m, e),
      unreachable: (m, e) => itemsException('item_not_confirmed', m, e),
    });

    const open = (await listExceptions(store.db, { flow: 'items' })).filter((exception) =>
      /ITM (BAD|-REFUSED|-LATER)|ITM-(REFUSED|LATER)/.test(exception.message),
    );
    expect(open.map((exception) => exception.code).sort()).toEqual(['item_invalid', 'item_not_confirmed', 'item_refused_by_warehouse']);
    expect(
      open.every(
        (exception) => exception.severity === 'critical' && exception.category === 'master_data' && exception.owner === 'operations',
      ),
    ).toBe(true);
    expect(await confirmedSkus(store.db, ['ITM BAD', 'ITM-REFUSED', 'ITM-LATER'])).toEqual(new Set());

    // The warehouse is back and the retry confirms the refused item; its exception closes.
    fail(undefined);
    const refused = await findRecord(store.db, { flow: 'items', sourceSystem: 'bc', sourceId: 'ITM-REFUSED' });
    expect(await syncItem(deps, { recordId: refused!.id })).toBe('confirmed');
    expect((await listExceptions(store.db, { recordId: refused!.id, status: 'all' })).map((exception) => exception.status)).toEqual([
      'resolved',
    ]);
  });
});
