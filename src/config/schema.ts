/**
 * The configuration file's schema. One YAML file holds connections, schedules, mappings and
 * policies; secrets never live here (see env.ts). Unknown keys are errors, so a typo is
 * reported instead of silently ignored.
 */
import { isIP } from 'node:net';
import { z } from 'zod';
import { orderMappingsSchema, refundsFlowSchema } from './orders-schema.ts';
import { moneyFlowsShape } from './money-schema.ts';
import { alertsSchema } from './alerts-schema.ts';
import { inventoryFlowsShape } from './inventory-schema.ts';

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
import { warehouseConnectionSchema, warehouseFlowsShape } from './warehouse-schema.ts';
import { connectionEntrySchema } from './connections-schema.ts';

const cron = z.string().regex(/^(\S+\s+){4}\S+$/, 'expected a five-field cron expression, e.g. "*/5 * * * *"');

const retry = z.strictObject({
  maxAttempts: z.number().int().min(1).max(100).default(8),
  baseDelaySeconds: z.number().positive().default(5),
  maxDelaySeconds: z.number().positive().default(900),
});

const httpUrl = z.url({ protocol: /^https?$/ });

export const retentionSchema = z
  .strictObject({
    /** Days a finished record keeps its full source payload; then it keeps what change detection needs. */
    payloadDays: z.number().int().min(1).default(30),
    /** Days a handled webhook delivery stays in the inbox (deliveries are retried for 48 hours at most). */
    inboxDays: z.number().int().min(3).default(14),
    /** When retention and the embedded store's upkeep (VACUUM, ANALYZE) run, UTC cron. */
    cron: z.string().min(1).default('23 3 * * *'),
  })
  .prefault({});

export const storeSchema = z
  .strictObject({
    backend: z.enum(['embedded', 'postgres']).default('embedded'),
    /** The embedded store's directory, relative to the configuration file. */
    dataDir: z.string().min(1).default('.ledgerbridge/data'),
    /**
     * PostgreSQL only: keep BC's request budget (in flight and per 5 minutes) in the store, shared
     * with every hub process on the database (decision 0024). Turn it on to run several processes;
     * one process keeps it in memory, with nothing to wait on.
     */
    sharedBudgets: z.boolean().default(false),
    retention: retentionSchema,
  })
  .prefault({});

/** An IP address or a CIDR range, e.g. 10.0.0.5, 10.0.0.0/8 or fd00::/8. */
const addressOrRange = z.string().refine((value) => {
  const [address = '', prefix, ...rest] = value.trim().split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}, 'expected an IP address or a CIDR range, e.g. "10.0.0.5" or "10.0.0.0/8"');

export const serverSchema = z
  .strictObject({
    host: z.string().default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(8080),
    /** The address Shopify and BC reach the hub on, for webhook subscriptions. */
    publicUrl: httpUrl.optional(),
    /** Largest Shopify webhook and warehouse callback body accepted, in bytes. Shopify order payloads are rarely above 200 kB. */
    maxBodyBytes: z
      .number()
      .int()
      .positive()
      .max(64 * 1024 * 1024)
      .default(2 * 1024 * 1024),
    /** Largest BC notification body accepted, in bytes (BC batches at most 1,000 changes, about 400 kB). */
    bcMaxBodyBytes: z
      .number()
      .int()
      .positive()
      .max(16 * 1024 * 1024)
      .default(1024 * 1024),
    /**
     * Reverse proxies in front of the hub (addresses or CIDR ranges). Only their
     * X-Forwarded-For and X-Forwarded-Proto are believed; see docs/security.md.
     */
    trustedProxies: z.array(addressOrRange).max(100).default([]),
  })
  .default({ host: '127.0.0.1', port: 8080, maxBodyBytes: 2 * 1024 * 1024, bcMaxBodyBytes: 1024 * 1024, trustedProxies: [] });

export const shopifySchema = z.strictObject({
  shopDomain: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, 'expected the shop\'s myshopify.com domain, e.g. "brand.myshopify.com"'),
  /** Base URL of the Admin API; defaults to https://<shopDomain>. The sandbox points it at the emulator. */
  adminUrl: httpUrl.optional(),
  auth: z.enum(['token', 'client_credentials']).default('token'),
  clientId: z.string().min(1).optional(),
  /** Register the hub's webhook subscriptions at start. */
  registerWebhooks: z.boolean().default(true),
});

export const bcSchema = z.strictObject({
  tenantId: z.string().min(1),
  environment: z.string().min(1),
  company: z.union([z.strictObject({ name: z.string().min(1) }), z.strictObject({ id: z.uuid() })]),
  clientId: z.string().min(1),
  baseUrl: httpUrl.default('https://api.businesscentral.dynamics.com'),
  authorityHost: httpUrl.default('https://login.microsoftonline.com'),
  /** How long a "not found" answer (an item, a customer) is remembered: a fixed master record is seen after at most this. */
  cacheMissSeconds: z.number().int().min(0).max(3600).default(30),
  /**
   * The app registration's share of BC's 6,000 requests per 5 minutes; the default leaves 10% for
   * other integrations on the same registration. Raise it to 6000 when the registration is the hub's alone.
   */
  requestsPerWindow: z.number().int().min(100).max(6000).default(5400),
  /**
   * The company's local currency (LCY, ISO 4217). When set, a sales order in another currency
   * carries its currency code; when not set, orders carry none (the single-shop default: the
   * shop sells in the company's currency).
   */
  localCurrency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'a three-letter ISO 4217 currency code, e.g. "GBP"')
    .optional(),
  /**
   * Keep a local copy of customers' e-mails, refreshed every minute, so first-time buyers cost
   * no BC lookup. A customer created by hand in BC may then go unmatched for up to a minute.
   */
  customerDirectory: z.boolean().default(false),
  /**
   * BC webhooks for the entity sets that have them (items, sales orders): the hub subscribes,
   * keeps the subscriptions renewed (they last 3 days) and runs the matching poll at once when
   * BC says something changed. Polling stays the safety net. Needs server.publicUrl and
   * BC_WEBHOOK_CLIENT_STATE.
   */
  webhooks: z
    .strictObject({
      enabled: z.boolean().default(false),
      /** Check and renew the subscriptions this often (UTC cron). */
      renewCron: z
        .string()
        .regex(/^(\S+\s+){4}\S+$/, 'expected a five-field cron expression')
        .default('17 * * * *'),
    })
    .prefault({}),
});

const postingSchema = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('immediate') }),
  z.strictObject({ mode: z.literal('scheduled'), cron, timezone: z.string().default('UTC') }),
]);

export const ordersFlowSchema = z.strictObject({
  enabled: z.boolean().default(true),
  posting: postingSchema.default({ mode: 'immediate' }),
  /** The polling safety net: how often Shopify is asked for orders changed since the last look. */
  pollCron: cron.default('*/5 * * * *'),
  /**
   * The poll lists orders changed up to this long ago, never later: Shopify's search and the
   * webhooks get this long to bring a change, and each change is listed once (one cost point).
   * A missed webhook is found after this plus one poll interval.
   */
  pollOverlapMinutes: z.number().int().min(0).max(1440).default(5),
  /** How often records waiting on someone else's fix (an unknown SKU, say) are tried again. */
  retryOpenExceptionsCron: cron.default('*/10 * * * *'),
  /** BC's externalDocumentNumber = prefix + Shopify order number; at most 35 characters in all. */
  referencePrefix: z
    .string()
    .max(10)
    .regex(/^[A-Za-z0-9-]*$/, 'letters, digits and dashes only')
    .default('SHOP-'),
  retry: retry.default({ maxAttempts: 8, baseDelaySeconds: 5, maxDelaySeconds: 900 }),
  /**
   * Orders imported at once by this hub process: BC's 5 requests in flight per app registration
   * (the connector's limiter still holds every flow to those 5, in turns). With 3, at 150 ms a BC
   * request, the hub fell behind 1,000 orders a minute (docs/performance.md).
   */
  concurrency: z.number().int().min(1).max(10).default(5),
  ...orderMappingsSchema.shape,
});

export const configSchema = z.strictObject({
  hub: z
    .strictObject({
      name: z.string().min(1).default('ledgerbridge'),
      /** The shop's time zone (IANA name): the dashboard shows times in it, with the zone; quiet hours use it. */
      timeZone: z.string().refine(isTimeZone, 'expected an IANA time zone such as "Europe/London" or "UTC"').default('Europe/London'),
    })
    .prefault({}),
  alerts: alertsSchema,
  store: storeSchema,
  server: serverSchema,
  shopify: shopifySchema,
  bc: bcSchema,
  /** The 3PL warehouse; without it the hub runs without the warehouse flows. */
  warehouse: warehouseConnectionSchema.optional(),
  flows: z
    .strictObject({
      orders: ordersFlowSchema.default(ordersFlowSchema.parse({})),
      refunds: refundsFlowSchema.prefault({}),
      ...warehouseFlowsShape,
      ...moneyFlowsShape,
      ...inventoryFlowsShape,
    })
    .prefault({}),
});

/**
 * The file as written: with a `connections:` list, the top-level `shopify` is not used (each
 * connection has its own) and the top-level `bc` holds only what connections share (tenant, app
 * registration); src/config/connections.ts checks and merges each connection.
 */
export const configFileSchema = configSchema.extend({
  shopify: shopifySchema.optional(),
  bc: z.record(z.string(), z.unknown()).optional(),
  connections: z.array(connectionEntrySchema).min(1).optional(),
});

/** One connection's view of the configuration: hub-wide settings plus its shop, company, warehouse and flows. */
export type HubConfig = z.infer<typeof configSchema>;
export type OrdersFlowConfig = z.infer<typeof ordersFlowSchema>;
export type RetryConfig = z.infer<typeof retry>;
