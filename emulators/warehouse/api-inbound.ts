/**
 * Mintsoft's ASN and return endpoints: ASNs created with PUT, listed changed-since with
 * paging (at most 100), read with expected/received/booked per item, with a Connect Action
 * for "booked in"; returns searched by date only, with items and reasons.
 */
import type { Hono } from 'hono';
import { newAsn, newAsnConnectAction } from './mintsoft-models.ts';
import { notFound, type EmulatorDeps, type EmulatorEnv } from './deps.ts';
import { flag, idParam, pageOf, readBody, sinceParam, wireJson } from './http.ts';
import { createAsn } from './inbound.ts';
import { returnReasons } from './reference-data.ts';
import { asnStatusNames, asnToWire, returnItemsToWire, returnToWire } from './wire.ts';

export function mountInboundApi(app: Hono<EmulatorEnv>, deps: EmulatorDeps): void {
  const { state, settings } = deps;
  const asnOf = (id: number) => {
    const asn = state.asns.get(id);
    if (!asn) throw notFound(`ASN ${id}`);
    return asn;
  };
  const returnOf = (id: number) => {
    const ret = state.returns.get(id);
    if (!ret) throw notFound(`Return ${id}`);
    return ret;
  };

  app.get('/api/ASN/Statuses', () => wireJson(Object.entries(asnStatusNames).map(([ID, Name]) => ({ ID: Number(ID), Name }))));
  app.get('/api/ASN/GoodsInTypes', () => wireJson(['Carton', 'Pallet', 'Container']));

  app.get('/api/ASN/List', (c) => {
    const warehouseId = c.req.query('WarehouseId');
    if (warehouseId && Number(warehouseId) !== settings.warehouseId) return wireJson([]);
    const since = sinceParam(c, 'SinceLastUpdated');
    const statusIds = (c.req.query('ASNStatusId') ?? '').split(';').filter(Boolean).map(Number);
    const asns = [...state.asns.values()]
      .filter((asn) => (since === null || asn.lastUpdated >= since) && (statusIds.length === 0 || statusIds.includes(asn.statusId)))
      .sort((a, b) => a.lastUpdated - b.lastUpdated || a.id - b.id);
    const items = flag(c.req.query('IncludeASNItems'));
    return wireJson(pageOf(c, asns, 100).map((asn) => asnToWire(deps, asn, items)));
  });

  app.put('/api/ASN', async (c) => wireJson(createAsn(deps, await readBody(c, newAsn))));
  app.get('/api/ASN/:id{[0-9]+}', (c) => wireJson(asnToWire(deps, asnOf(idParam(c)))));
  app.put('/api/ASN/:id{[0-9]+}/ConnectActions', async (c) => {
    const asn = asnOf(idParam(c));
    asn.connectAction = await readBody(c, newAsnConnectAction);
    return wireJson({ ID: asn.id, Success: true, Message: 'Connect action saved' });
  });

  app.get('/api/Return/Reasons', () =>
    wireJson(returnReasons.map(({ ID, Name, StockAction, Active }) => ({ ID, Name, StockAction, Active }))),
  );
  app.get('/api/Return/SearchByDate', (c) => {
    const day = c.req.query('Date') ?? '';
    const found = [...state.returns.values()]
      .filter((ret) => new Date(ret.createdAt).toISOString().slice(0, 10) === day.slice(0, 10))
      .sort((a, b) => a.id - b.id);
    return wireJson(found.map((ret) => returnToWire(deps, ret, false)));
  });
  app.get('/api/Return/:id{[0-9]+}', (c) => wireJson(returnToWire(deps, returnOf(idParam(c)))));
  app.get('/api/Return/:id{[0-9]+}/Items', (c) => wireJson(returnItemsToWire(returnOf(idParam(c)))));
}
