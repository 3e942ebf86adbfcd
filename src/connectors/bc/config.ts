/**
 * Options of the Business Central connector. Plain data, validated once; the client secret
 * and runtime dependencies (fetch, clock, logger) are passed separately by the composition
 * root, never read from the environment here.
 */
import { z } from 'zod';

/** The one scope an app-only token for the BC API needs. */
export const bcTokenScope = 'https://api.businesscentral.dynamics.com/.default';

/** The documented per-user ceiling: 6,000 requests in any 5 minutes, 5 processed at once. */
export const bcDocumentedLimits = { maxInFlight: 5, windowMs: 5 * 60_000, maxRequestsPerWindow: 6_000 } as const;

const limitsSchema = z.object({
  maxInFlight: z.number().int().min(1).max(bcDocumentedLimits.maxInFlight).default(bcDocumentedLimits.maxInFlight),
  windowMs: z.number().int().positive().default(bcDocumentedLimits.windowMs),
  /** Default leaves 10% of the ceiling for other integrations sharing the app registration. */
  maxRequestsPerWindow: z.number().int().min(1).max(bcDocumentedLimits.maxRequestsPerWindow).default(5_400),
});

const retrySchema = z.object({
  /** Attempts per request inside the connector; the job queue retries whole jobs on top. */
  maxAttempts: z.number().int().min(1).max(10).default(4),
  baseDelayMs: z.number().int().nonnegative().default(1_000),
  maxDelayMs: z.number().int().positive().default(60_000),
  /**
   * A 429 means BC did nothing, so it is safe to wait it out: rate-limited requests are
   * tried again (beyond maxAttempts) until this much time was spent waiting.
   */
  maxRateLimitWaitMs: z
    .number()
    .int()
    .nonnegative()
    .default(10 * 60_000),
});

const cacheSchema = z.object({
  /** Items found by number or barcode, and variants; 0 turns the cache off. */
  itemTtlMs: z
    .number()
    .int()
    .nonnegative()
    .default(5 * 60_000),
  /** Customers by e-mail; creating a customer through the connector refreshes its entry. */
  customerTtlMs: z.number().int().nonnegative().default(60_000),
  /** "Not found" answers, kept briefly so a fixed master record is seen soon. */
  missTtlMs: z.number().int().nonnegative().default(30_000),
  /** Locations, shipment and payment methods, tax areas and groups. */
  referenceTtlMs: z
    .number()
    .int()
    .nonnegative()
    .default(10 * 60_000),
  /** Entries kept per cache before the oldest are dropped. */
  maxEntries: z.number().int().positive().default(10_000),
  /**
   * Keep a local copy of every customer's e-mail (customer-directory.ts) so first-time buyers
   * cost no lookup. Off by default: a new BC customer may be unmatched for up to `refreshMs`.
   */
  customerDirectory: z
    .object({
      enabled: z.boolean().default(false),
      refreshMs: z.number().int().positive().default(60_000),
      fullReloadMs: z
        .number()
        .int()
        .positive()
        .default(60 * 60_000),
    })
    .prefault({}),
});

const companionSchema = z.object({
  /** `{publisher}/{group}/{version}` of the companion extension's API (bc-extension/). */
  apiPath: z
    .string()
    .regex(/^[a-z0-9]+\/[a-z0-9]+\/v\d+\.\d+$/)
    .default('ledgerbridge/integration/v1.0'),
  /** Item journal template the hub's item journal batches belong to. */
  itemJournalTemplate: z.string().min(1).max(10).default('ITEM'),
});

const companySchema = z.union([z.object({ id: z.guid() }).strict(), z.object({ name: z.string().min(1).max(30) }).strict()]);

export const bcConfigSchema = z.object({
  baseUrl: z.url().default('https://api.businesscentral.dynamics.com'),
  authorityHost: z.url().default('https://login.microsoftonline.com'),
  /** Entra tenant GUID or verified domain. */
  tenantId: z.string().min(1),
  /** BC environment name, e.g. `production` or `sandbox`. */
  environment: z.string().min(1),
  company: companySchema,
  clientId: z.string().min(1),
  /** Abort a request that has not answered by then; BC itself gives up at 8 minutes. */
  requestTimeoutMs: z.number().int().positive().default(120_000),
  /** Refresh the token this long before it expires. */
  tokenRefreshMarginMs: z
    .number()
    .int()
    .nonnegative()
    .default(5 * 60_000),
  limits: limitsSchema.prefault({}),
  retry: retrySchema.prefault({}),
  cache: cacheSchema.prefault({}),
  companion: companionSchema.prefault({}),
});

export type BcConfig = z.output<typeof bcConfigSchema>;
export type BcConfigInput = z.input<typeof bcConfigSchema>;
export type BcLimits = BcConfig['limits'];
export type BcCacheConfig = BcConfig['cache'];

export function parseBcConfig(input: BcConfigInput): BcConfig {
  return bcConfigSchema.parse(input);
}

/** `{baseUrl}/v2.0/{tenant}/{environment}/api/v2.0`, without a trailing slash. */
export function apiRootOf(config: Pick<BcConfig, 'baseUrl' | 'tenantId' | 'environment'>): string {
  const base = config.baseUrl.replace(/\/+$/, '');
  return `${base}/v2.0/${encodeURIComponent(config.tenantId)}/${encodeURIComponent(config.environment)}/api/v2.0`;
}

/** `{baseUrl}/v2.0/{tenant}/{environment}/api/{publisher}/{group}/{version}` of the companion API. */
export function companionRootOf(config: Pick<BcConfig, 'baseUrl' | 'tenantId' | 'environment' | 'companion'>): string {
  return apiRootOf(config).replace(/\/api\/v2\.0$/, `/api/${config.companion.apiPath}`);
}

export function tokenUrlOf(config: Pick<BcConfig, 'authorityHost' | 'tenantId'>): string {
  const host = config.authorityHost.replace(/\/+$/, '');
  return `${host}/${encodeURIComponent(config.tenantId)}/oauth2/v2.0/token`;
}
