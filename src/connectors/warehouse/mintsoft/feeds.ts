/**
 * The polling safety net for orders: `GET /api/Order/List?SinceLastUpdated=` pages through
 * orders changed since the cursor (less the overlap). The same read gives order updates
 * (status changes, new split parts) and shipments (despatched parts), under the same
 * event keys the callbacks use, so a dropped callback is still seen, once.
 */
import { z } from 'zod';
import type { WarehouseShipment } from '../../../core/domain/warehouse.ts';
import type { CursorPage, WarehouseOrderUpdate } from '../port.ts';
import { eventKeys } from '../port.ts';
import { ownOrders, statusResolverFor, withItems, type MintsoftContext } from './context.ts';
import { endpoints } from './endpoints.ts';
import { formatWmsDate } from './json.ts';
import { mapOrderPart, mapShipment, type StatusResolver } from './map-order.ts';
import { advanceCursor, decodeCursor, newestOf, readPages } from './paging.ts';
import { orderWire, type OrderWire } from './schemas.ts';

interface OrdersRead {
  orders: OrderWire[];
  resolve: StatusResolver;
  cursor: string;
  hasMore: boolean;
}

async function readOrdersSince(ctx: MintsoftContext, cursor: string | null): Promise<OrdersRead> {
  const current = decodeCursor(cursor, ctx.clock.now(), ctx.config.initialLookbackMs);
  const since = formatWmsDate(current.since - ctx.config.pollOverlapMs);
  const { items, nextPage } = await readPages(
    (pageNo) =>
      ctx.client.request(endpoints.listOrders, {
        query: {
          SinceLastUpdated: since,
          WarehouseId: ctx.config.warehouseId,
          IncludeOrderItems: true,
          PageNo: pageNo,
          Limit: ctx.config.pageSize,
        },
        schema: z.array(orderWire),
      }),
    { pageSize: ctx.config.pageSize, firstPage: current.page ?? 1, maxPages: ctx.config.maxPagesPerPoll },
  );
  const orders = ownOrders(ctx, items);
  const resolve = await statusResolverFor(ctx, orders);
  return { orders, resolve, ...advanceCursor(current, newestOf(orders.map((order) => order.LastUpdated)), nextPage) };
}

export async function listOrderUpdatesSince(ctx: MintsoftContext, cursor: string | null): Promise<CursorPage<WarehouseOrderUpdate>> {
  const read = await readOrdersSince(ctx, cursor);
  const items = read.orders.map((order) => {
    const part = mapOrderPart(order, read.resolve);
    return {
      key: eventKeys.orderStatus(part.wmsOrderId, part.status),
      orderReference: order.OrderNumber,
      externalReference: order.ExternalOrderReference ?? null,
      part,
    };
  });
  return { items, cursor: read.cursor, hasMore: read.hasMore };
}

export async function listShipmentsSince(ctx: MintsoftContext, cursor: string | null): Promise<CursorPage<WarehouseShipment>> {
  const read = await readOrdersSince(ctx, cursor);
  const items: WarehouseShipment[] = [];
  for (const order of read.orders) {
    if (read.resolve(order.OrderStatusId).status !== 'despatched') continue;
    const shipment = mapShipment(await withItems(ctx, order), read.resolve, ctx.config);
    if (shipment) items.push(shipment);
  }
  items.sort((a, b) => a.despatchedAt.localeCompare(b.despatchedAt) || a.id.localeCompare(b.id));
  return { items, cursor: read.cursor, hasMore: read.hasMore };
}
