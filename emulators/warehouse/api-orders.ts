/**
 * Mintsoft's order endpoints: create with PUT (an array answer, one entry per part), update
 * with POST, cancel with a GET that has a side effect, search by `OrderNumber` (a
 * "contains" match, so clients must compare exactly), list changed orders with paging,
 * statuses, items, splits and Connect Action registration.
 */
import type { Hono } from 'hono';
import { newOrderConnectAction, newOrderWithItems, orderUpdate } from './mintsoft-models.ts';
import { notFound, type EmulatorDeps, type EmulatorEnv } from './deps.ts';
import { flag, idParam, pageOf, readBody, sinceParam, wireJson } from './http.ts';
import { cancelOrder, updateOrder } from './order-actions.ts';
import { splitToWire } from './order-events.ts';
import { createOrders } from './orders.ts';
import type { OrderRecord } from './state.ts';
import { orderItemToWire, orderToWire } from './wire.ts';

export function mountOrderApi(app: Hono<EmulatorEnv>, deps: EmulatorDeps): void {
  const { state } = deps;
  const orderOf = (id: number): OrderRecord => {
    const order = state.orders.get(id);
    if (!order) throw notFound(`Order ${id}`);
    return order;
  };

  app.get('/api/Order/Statuses', () =>
    wireJson(
      Object.entries(deps.settings.statusIds).map(([Name, ID]) => ({
        ID,
        Name,
        ExternalName: Name === 'INVOICED' || Name === 'INVOICEDFAILED' ? 'DESPATCHED' : Name,
      })),
    ),
  );

  app.get('/api/Order/Search', (c) => {
    const wanted = (c.req.query('OrderNumber') ?? '').trim().toUpperCase();
    if (wanted === '') return wireJson([]);
    const found = [...state.orders.values()]
      .filter((order) => order.orderNumber.toUpperCase().includes(wanted))
      .sort((a, b) => a.id - b.id);
    return wireJson(found.map((order) => orderToWire(deps, order)));
  });

  app.get('/api/Order/List', (c) => {
    const since = sinceParam(c, 'SinceLastUpdated');
    const statusIds = (c.req.query('OrderStatusId') ?? '').split(';').filter(Boolean).map(Number);
    const warehouseId = c.req.query('WarehouseId');
    if (warehouseId && Number(warehouseId) !== deps.settings.warehouseId) return wireJson([]);
    const orders = [...state.orders.values()]
      .filter((order) => (since === null || order.lastUpdated >= since) && (statusIds.length === 0 || statusIds.includes(order.statusId)))
      .sort((a, b) => a.lastUpdated - b.lastUpdated || a.id - b.id);
    const items = flag(c.req.query('IncludeOrderItems'));
    return wireJson(pageOf(c, orders).map((order) => orderToWire(deps, order, items)));
  });

  app.put('/api/Order', async (c) => wireJson(createOrders(deps, await readBody(c, newOrderWithItems))));

  app.get('/api/Order/:id{[0-9]+}', (c) => wireJson(orderToWire(deps, orderOf(idParam(c)))));
  app.post('/api/Order/:id{[0-9]+}', async (c) => {
    const order = orderOf(idParam(c));
    return wireJson(updateOrder(deps, order, await readBody(c, orderUpdate)));
  });
  app.get('/api/Order/:id{[0-9]+}/Items', (c) => {
    const order = orderOf(idParam(c));
    return wireJson(order.items.map((item) => orderItemToWire(order, item)));
  });
  app.get('/api/Order/:id{[0-9]+}/Splits', (c) => {
    const id = orderOf(idParam(c)).id;
    return wireJson(
      state.splits.filter((split) => split.orderId === id || split.splitOrderId === id).map((split) => splitToWire(deps, split)),
    );
  });
  // A GET that changes state, as in Mintsoft: never safe to repeat blindly.
  app.get('/api/Order/:id{[0-9]+}/Cancel', (c) => wireJson(cancelOrder(deps, orderOf(idParam(c)))));
  app.put('/api/Order/:id{[0-9]+}/ConnectActions', async (c) => {
    const order = orderOf(idParam(c));
    state.connectActions.set(order.id, await readBody(c, newOrderConnectAction));
    return wireJson({ ID: order.id, Success: true, Message: 'Connect action saved' });
  });
  app.get('/api/Order/:id{[0-9]+}/ConnectActions', (c) => {
    const registration = state.connectActions.get(orderOf(idParam(c)).id);
    return wireJson(registration ? [registration] : []);
  });
}
