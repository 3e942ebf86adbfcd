/**
 * Turns the configuration file into one view per connection (decision 0026). A view is a whole
 * `HubConfig`: the hub-wide sections (hub, store, server, alerts) as written, plus the
 * connection's shop, BC company (merged over the top-level `bc`), warehouse and flows (its
 * overrides merged over the top-level flows, one flow section at a time). Flows read their view
 * exactly as they read the one configuration before, so they do not know about connections.
 */
import type { z } from 'zod';
import { DEFAULT_CONNECTION, type ConnectionEntry } from './connections-schema.ts';
import type { HubEnv } from './env.ts';
import type { HubConfig } from './schema.ts';

interface ConfigProblem {
  path: string;
  message: string;
  hint?: string;
}

type RawConfig = Record<string, unknown>;

export interface RawConnectionView {
  id: string;
  index: number;
  /** The connection's configuration before parsing, shaped like a single-shop file. */
  raw: RawConfig;
  /** Where a problem found in the view is reported; undefined when the top-level check reports it. */
  pathOf(issuePath: readonly PropertyKey[]): string | undefined;
}

const connectionSections = new Set(['shopify', 'bc', 'warehouse']);

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Where the warehouse of connection `default` posts its callbacks, as a single-shop hub's always did. */
export const DEFAULT_WAREHOUSE_CALLBACK_PATH = '/webhooks/warehouse';

/** Another connection's warehouse posts to a route of its own by default: `/webhooks/warehouse/eu`. */
export function warehouseCallbackPathOf(id: string): string {
  return id === DEFAULT_CONNECTION ? DEFAULT_WAREHOUSE_CALLBACK_PATH : `${DEFAULT_WAREHOUSE_CALLBACK_PATH}/${id}`;
}

/** A connection's warehouse section with its default callback path filled in (one the file sets stays). */
function withOwnCallbackPath(id: string, warehouse: Record<string, unknown>): Record<string, unknown> {
  const callback = warehouse.callback;
  if (callback !== undefined && (!isObject(callback) || callback.path !== undefined)) return warehouse;
  return { ...warehouse, callback: { ...callback, path: warehouseCallbackPathOf(id) } };
}

/** The views of a file that has a `connections:` list (already checked for its shape). */
export function connectionViews(raw: RawConfig, entries: readonly ConnectionEntry[]): RawConnectionView[] {
  const { connections: _list, ...shared } = raw;
  const sharedFlows = isObject(raw.flows) ? raw.flows : {};
  return entries.map((entry, index) => {
    const flows: Record<string, unknown> = { ...sharedFlows };
    for (const [flow, overrides] of Object.entries(entry.flows ?? {})) {
      if (overrides) flows[flow] = { ...(isObject(sharedFlows[flow]) ? sharedFlows[flow] : {}), ...overrides };
    }
    const view: RawConfig = {
      ...shared,
      shopify: entry.shopify,
      bc: { ...(isObject(raw.bc) ? raw.bc : {}), ...(entry.bc ?? {}) },
      flows,
    };
    delete view.warehouse;
    if (entry.warehouse) view.warehouse = withOwnCallbackPath(entry.id, entry.warehouse);
    const name = `connections[${entry.id}]`;
    return {
      id: entry.id,
      index,
      raw: view,
      pathOf(issuePath) {
        const [first, flow, setting] = issuePath.map(String);
        if (first && connectionSections.has(first)) return [name, ...issuePath.map(String)].join('.');
        // A flow setting the connection overrides is its problem; the others are the top level's.
        const overrides = entry.flows as Record<string, Record<string, unknown> | undefined> | undefined;
        if (first === 'flows' && flow && setting && overrides?.[flow]?.[setting] !== undefined)
          return [name, ...issuePath.map(String)].join('.');
        return undefined;
      },
    };
  });
}

/** Checks that the connections can be told apart: ids and shops differ (warehouses: checkWarehousesApart). */
export function checkConnectionsApart(entries: readonly ConnectionEntry[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const seen = { id: new Map<string, number>(), shop: new Map<string, string>() };
  entries.forEach((entry, index) => {
    if (seen.id.has(entry.id))
      problems.push({
        path: `connections.${index}.id`,
        message: `"${entry.id}" names two connections`,
        hint: 'give each connection its own id',
      });
    seen.id.set(entry.id, index);
    const shop = typeof entry.shopify.shopDomain === 'string' ? entry.shopify.shopDomain.toLowerCase() : undefined;
    if (shop && seen.shop.has(shop))
      problems.push({
        path: `connections[${entry.id}].shopify.shopDomain`,
        message: `${shop} is also connection ${seen.shop.get(shop)}'s shop`,
        hint: "webhooks are routed by shop domain: one shop is one connection (a shop's orders go to one BC company)",
      });
    if (shop) seen.shop.set(shop, entry.id);
  });
  return problems;
}

/** Which BC company a view posts into: one key for two views of the same company. */
export function bcCompanyKey({ bc }: HubConfig): string {
  return [bc.baseUrl, bc.tenantId, bc.environment, 'id' in bc.company ? bc.company.id : bc.company.name.toLowerCase()].join('|');
}

/**
 * Two shops posting into one BC company need different reference prefixes: BC's external
 * document number (prefix + order number) is how the hub finds an order it created, and both
 * shops have an order #1001.
 */
export function checkReferencesApart(connections: readonly { id: string; config: HubConfig }[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const seen = new Map<string, string>();
  const companyOf = bcCompanyKey;
  const apart = (id: string, config: HubConfig, setting: string, value: string | undefined, hint: string) => {
    if (value === undefined) return;
    const key = [companyOf(config), setting, value.toUpperCase()].join('|');
    const other = seen.get(key);
    if (other)
      problems.push({
        path: `connections[${id}].flows.${setting}`,
        message: `is "${value}", as connection ${other}'s, which posts into the same BC company`,
        hint,
      });
    else seen.set(key, id);
  };
  for (const { id, config } of connections) {
    const { orders, payouts, cashApplication } = config.flows;
    apart(
      id,
      config,
      'orders.referencePrefix',
      orders.referencePrefix,
      'give each shop into one company its own prefix (e.g. UK-, EU-), so their orders #1001 stay two BC orders',
    );
    // A batch is posted whole: one shop's run would post the other's lines half-way.
    const batchHint = 'give each shop into one company a journal batch of its own (set up in BC)';
    apart(id, config, 'payouts.journalBatch', payouts.enabled ? payouts.journalBatch : undefined, batchHint);
    apart(id, config, 'cashApplication.journalBatch', cashApplication.enabled ? cashApplication.journalBatch : undefined, batchHint);
  }
  return problems;
}

/** Environment variables a connection may set for itself, suffixed with its id: SHOPIFY_ACCESS_TOKEN_EU. */
export const connectionSecretVariables = [
  'SHOPIFY_ACCESS_TOKEN',
  'SHOPIFY_CLIENT_SECRET',
  'SHOPIFY_WEBHOOK_SECRETS',
  'BC_CLIENT_SECRET',
  'WAREHOUSE_API_KEY',
  'WAREHOUSE_CALLBACK_SECRET',
] as const;

/** The suffix of a connection's own variables: `eu-b2b` → `EU_B2B`. */
export function connectionEnvSuffix(id: string): string {
  return id.toUpperCase().replace(/-/g, '_');
}

/**
 * The environment as one connection sees it: its own `<NAME>_<ID>` variables where set, the
 * unsuffixed ones otherwise (one app installed on several shops shares its client secret).
 */
export function connectionEnv(env: HubEnv, id: string): HubEnv {
  if (id === DEFAULT_CONNECTION) return env;
  const own: Partial<HubEnv> = {};
  for (const name of connectionSecretVariables) {
    const value = env.connectionSecrets?.[`${name}_${connectionEnvSuffix(id)}`];
    if (value) own[name] = value;
  }
  return { ...env, ...own };
}

/** Issues of a view's parse that the connection owns, with their paths. */
export function connectionIssues<Issue extends { path: PropertyKey[] }>(
  view: RawConnectionView,
  issues: readonly Issue[],
): { issue: Issue; path: string }[] {
  return issues.flatMap((issue) => {
    const path = view.pathOf(issue.path);
    return path ? [{ issue, path }] : [];
  });
}

export type ZodIssue = z.core.$ZodIssue;
