/** Builds the connectors from the configuration: the real Shopify and Business Central clients. */
import { systemClock, type Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import type { SharedBudgets } from '../core/shared-budgets.ts';
import { connectionsOf, type LoadedConfig } from '../config/load-config.ts';
import { createBcConnector, type BcConnector, type DegradableBcConnector } from '../connectors/bc/index.ts';
import { createShopifyConnector, type ShopifyConnector } from '../connectors/shopify/index.ts';

export interface ConnectorOptions {
  logger: Logger;
  clock?: Clock;
  fetch?: typeof globalThis.fetch;
  /** Request budgets shared with the other hub processes on the same PostgreSQL (decision 0024). */
  sharedBudgets?: SharedBudgets;
  /** A BC connector of another company on the same app registration, whose request budget this one shares. */
  sameBcRegistrationAs?: BcConnector;
}

export interface Connectors {
  shopify: ShopifyConnector;
  bc: BcConnector;
  /** The BC connector without the companion methods this tenant lacks (flows treat them as optional). */
  bcFeatures: DegradableBcConnector;
}

export async function buildConnectors(loaded: LoadedConfig, options: ConnectorOptions): Promise<Connectors> {
  const { config, secrets } = loaded;
  const clock = options.clock ?? systemClock;
  const fetch = options.fetch ?? globalThis.fetch;
  const shopify = createShopifyConnector({
    shopDomain: config.shopify.shopDomain,
    ...(config.shopify.adminUrl ? { adminUrl: config.shopify.adminUrl } : {}),
    auth:
      config.shopify.auth === 'token'
        ? { kind: 'token', accessToken: secrets.shopifyAccessToken! }
        : { kind: 'client_credentials', clientId: config.shopify.clientId!, clientSecret: secrets.shopifyClientSecret! },
    fetch,
    clock,
    logger: options.logger.child({ connector: 'shopify' }),
    // The shop's cost bucket shared with the other hub processes, taken from the store in blocks
    // so that a request does not wait on it (decision 0024); each process's own bucket otherwise.
    ...(options.sharedBudgets ? { sharedBudgets: options.sharedBudgets } : {}),
  });
  const bc = createBcConnector({
    config: {
      baseUrl: config.bc.baseUrl,
      authorityHost: config.bc.authorityHost,
      tenantId: config.bc.tenantId,
      environment: config.bc.environment,
      company: config.bc.company,
      clientId: config.bc.clientId,
      cache: { missTtlMs: config.bc.cacheMissSeconds * 1000, customerDirectory: { enabled: config.bc.customerDirectory } },
      limits: { maxRequestsPerWindow: config.bc.requestsPerWindow },
    },
    clientSecret: secrets.bcClientSecret!,
    fetch,
    clock,
    logger: options.logger.child({ connector: 'bc' }),
    ...(options.sharedBudgets ? { sharedBudgets: options.sharedBudgets } : {}),
    ...(options.sameBcRegistrationAs ? { limiter: options.sameBcRegistrationAs.client.limiter } : {}),
  });
  let bcFeatures: DegradableBcConnector = bc;
  try {
    bcFeatures = await bc.withoutMissingFeatures();
  } catch (error) {
    // BC unreachable at start: keep every method; a missing companion then shows as clear errors.
    options.logger.warn({ err: error }, 'could not probe the BC companion extension; assuming it is installed');
  }
  return { shopify, bc, bcFeatures };
}

/** One connection: its id, its view of the configuration and its connectors. */
export interface ConnectionSet {
  id: string;
  loaded: LoadedConfig;
  connectors: Connectors;
}

/**
 * Each connection's connectors: a Shopify client (and cost bucket) per shop, a BC connector per
 * company. BC's request budget is per app registration, so companies reached through the same
 * registration (tenant and client id) share one limiter.
 */
/** One BC app registration in use: its tenant and client id, the connections reaching BC through it, and the BC client holding its limiter. */
export interface BcRegistration {
  tenant: string;
  clientId: string;
  connections: string[];
  /** The first connection's BC connector: its client's limiter is the registration's (and its share of the budget). */
  bc: BcConnector;
  requestsPerWindow: number;
}

/** The BC app registrations the connections use, each once, in the order of their first connection. */
export function bcRegistrationsOf(sets: readonly ConnectionSet[]): BcRegistration[] {
  const byKey = new Map<string, BcRegistration>();
  for (const set of sets) {
    const { tenantId, clientId, requestsPerWindow } = set.loaded.config.bc;
    const key = registrationKey(set.loaded.config.bc);
    const found = byKey.get(key);
    if (found) found.connections.push(set.id);
    else byKey.set(key, { tenant: tenantId, clientId, connections: [set.id], bc: set.connectors.bc, requestsPerWindow });
  }
  return [...byKey.values()];
}

/** Each registration's BC budget as the metrics read it: requests in the window against its limit. */
export function bcBudgetReadings(registrations: readonly BcRegistration[]) {
  return registrations.map((registration) => ({
    tenant: registration.tenant,
    clientId: registration.clientId,
    connections: registration.connections,
    used: registration.bc.client.windowCount(),
    limit: registration.requestsPerWindow,
  }));
}

function registrationKey(bc: { baseUrl: string; tenantId: string; clientId: string }): string {
  return `${bc.baseUrl}|${bc.tenantId}|${bc.clientId}`;
}

export async function buildConnectionSets(loaded: LoadedConfig, options: ConnectorOptions): Promise<ConnectionSet[]> {
  const byRegistration = new Map<string, BcConnector>();
  const sets: ConnectionSet[] = [];
  for (const connection of connectionsOf(loaded)) {
    const view: LoadedConfig = { ...loaded, config: connection.config, secrets: connection.secrets };
    const registration = registrationKey(connection.config.bc);
    const same = byRegistration.get(registration);
    const logger =
      sets.length === 0 && connectionsOf(loaded).length === 1 ? options.logger : options.logger.child({ connection: connection.id });
    const connectors = await buildConnectors(view, { ...options, logger, ...(same ? { sameBcRegistrationAs: same } : {}) });
    if (!same) byRegistration.set(registration, connectors.bc);
    sets.push({ id: connection.id, loaded: view, connectors });
  }
  return sets;
}
