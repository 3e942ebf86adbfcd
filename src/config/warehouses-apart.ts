/**
 * Several warehouses, one per connection (decision 0029): each has its own callback route, and
 * the hub refuses only what it could not tell apart — two warehouses on one callback path, a
 * path the hub answers itself, one 3PL account polled for two shops, or two warehouses into one
 * BC company (both would take the company's released orders and purchase orders).
 */
import { createHash } from 'node:crypto';
import { DEFAULT_CONNECTION } from './connections-schema.ts';
import { bcCompanyKey } from './connections.ts';
import type { HubConfig } from './schema.ts';

interface ConfigProblem {
  path: string;
  message: string;
  hint?: string;
}

interface WarehouseConnection {
  id: string;
  config: HubConfig;
  secrets: { warehouseApiKey?: string };
}

/** Routes of the hub's own: a callback path there would be answered by the wrong receiver. */
const hubRoutes = [
  '/webhooks/shopify',
  '/webhooks/bc',
  '/api',
  '/dashboard',
  '/metrics',
  '/health',
  '/healthz',
  '/livez',
  '/ready',
  '/readyz',
  '/status',
];

/** Paths Hono tells apart only by case or a trailing slash are one path to a reader. */
function pathKey(path: string): string {
  return path.replace(/\/+$/, '').toLowerCase() || '/';
}

/** A warehouse setting's path as the file names it: `connections[eu].warehouse.callback.path`, or `warehouse.callback.path` alone. */
function pathOf(id: string, setting: string | undefined, several: boolean): string {
  const path = setting ? `warehouse.${setting}` : 'warehouse';
  return several || id !== DEFAULT_CONNECTION ? `connections[${id}].${path}` : path;
}

/**
 * The 3PL account a warehouse is: its API address, the brand's client there (or, without a
 * client id, the key, which then names the client) and its warehouse. Undefined when it cannot
 * be told (no client id and no key, as for operator commands).
 */
function accountOf({ config, secrets }: WarehouseConnection): string | undefined {
  const warehouse = config.warehouse!;
  const client =
    warehouse.clientId !== undefined
      ? `client:${warehouse.clientId}`
      : secrets.warehouseApiKey
        ? `key:${createHash('sha256').update(secrets.warehouseApiKey).digest('hex')}`
        : undefined;
  return client && [warehouse.baseUrl.replace(/\/+$/, '').toLowerCase(), client, warehouse.warehouseId].join('|');
}

export function checkWarehousesApart(connections: readonly WarehouseConnection[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const several = connections.length > 1;
  const seen = { path: new Map<string, string>(), company: new Map<string, string>(), account: new Map<string, string>() };
  for (const connection of connections) {
    const { id, config } = connection;
    const warehouse = config.warehouse;
    if (!warehouse) continue;
    const path = warehouse.callback.path;
    const key = pathKey(path);
    const route = hubRoutes.find((own) => key === own || key.startsWith(`${own}/`));
    if (route || key === '/')
      problems.push({
        path: pathOf(id, 'callback.path', several),
        message: `is "${path}", a route the hub answers itself`,
        hint: `give the warehouse a path of its own, e.g. ${id === DEFAULT_CONNECTION ? '/webhooks/warehouse' : `/webhooks/warehouse/${id}`}`,
      });
    const samePath = seen.path.get(key);
    if (samePath)
      problems.push({
        path: pathOf(id, 'callback.path', several),
        message: `is "${path}", as connection ${samePath}'s warehouse's: the hub could not tell whose callback it is`,
        hint: `give each warehouse its own path, or leave it out: connection ${id}'s default is /webhooks/warehouse/${id}`,
      });
    else seen.path.set(key, id);
    const company = bcCompanyKey(config);
    const sameCompany = seen.company.get(company);
    if (sameCompany)
      problems.push({
        path: pathOf(id, undefined, several),
        message: `posts into the same BC company as connection ${sameCompany}'s warehouse`,
        hint: "two warehouses into one BC company are not supported yet: both would take the company's released sales orders and purchase orders (docs/multi-store.md)",
      });
    else seen.company.set(company, id);
    const account = accountOf(connection);
    const sameAccount = account && seen.account.get(account);
    if (sameAccount)
      problems.push({
        path: pathOf(id, 'warehouseId', several),
        message: `is connection ${sameAccount}'s warehouse at the same 3PL account (same baseUrl, client and warehouse)`,
        hint: "give each connection's warehouse its own client (warehouse.clientId) or API key: one account polled for two shops shows each shop the other's despatches",
      });
    else if (account) seen.account.set(account, id);
  }
  return problems;
}
