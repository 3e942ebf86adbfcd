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
});

const companySchema = z.union([
  z.object({ id: z.guid() }).strict(),
  z.object({ name: z.string().min(1).max(30) }).strict(),
]);

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
  tokenRefreshMarginMs: z.number().int().nonnegative().default(5 * 60_000),
  limits: limitsSchema.prefault({}),
  retry: retrySchema.prefault({}),
});

export type BcConfig = z.output<typeof bcConfigSchema>;
export type BcConfigInput = z.input<typeof bcConfigSchema>;
export type BcLimits = BcConfig['limits'];

export function parseBcConfig(input: BcConfigInput): BcConfig {
  return bcConfigSchema.parse(input);
}

/** `{baseUrl}/v2.0/{tenant}/{environment}/api/v2.0`, without a trailing slash. */
export function apiRootOf(config: Pick<BcConfig, 'baseUrl' | 'tenantId' | 'environment'>): string {
  const base = config.baseUrl.replace(/\/+$/, '');
  return `${base}/v2.0/${encodeURIComponent(config.tenantId)}/${encodeURIComponent(config.environment)}/api/v2.0`;
}

export function tokenUrlOf(config: Pick<BcConfig, 'authorityHost' | 'tenantId'>): string {
  const host = config.authorityHost.replace(/\/+$/, '');
  return `${host}/${encodeURIComponent(config.tenantId)}/oauth2/v2.0/token`;
}
