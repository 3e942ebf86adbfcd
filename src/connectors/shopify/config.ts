/**
 * Options of the Shopify connector, validated once when the connector is built. Secrets are
 * passed in by the caller (src/config reads the environment); nothing here reads it.
 */
import { z } from 'zod';
import { ConnectorError } from '../../core/errors.ts';

/** The one Admin API version the hub speaks. Bumping it is a reviewed change: swap the schema file, re-validate. */
export const SHOPIFY_API_VERSION = '2026-10';

const shopDomain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9-]*(\.[a-z0-9-]+)+$/, 'a host name such as "my-shop.myshopify.com" (no scheme, no path)');

const authSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('token'), accessToken: z.string().min(1) }),
  z.object({ kind: z.literal('client_credentials'), clientId: z.string().min(1), clientSecret: z.string().min(1) }),
]);

export const shopifyConfigSchema = z.object({
  shopDomain,
  apiVersion: z.literal(SHOPIFY_API_VERSION).default(SHOPIFY_API_VERSION),
  /** Base URL of the Admin API host, e.g. the emulator's `http://127.0.0.1:4010`. Default `https://{shopDomain}`. */
  adminUrl: z.url().optional(),
  auth: authSchema,
  /** Page size of order listings; small pages keep the requested cost low. */
  pageSize: z.number().int().min(1).max(250).default(50),
  /** Abort one HTTP request after this long. */
  requestTimeoutMs: z.number().int().positive().default(30_000),
  /** Attempts per request, first included, for THROTTLED, 429, 5xx and network errors. */
  maxAttempts: z.number().int().min(1).max(20).default(8),
  /** Renew a client-credentials token this long before it expires. */
  tokenRefreshMarginMs: z
    .number()
    .int()
    .nonnegative()
    .default(5 * 60_000),
});

export type ShopifyConfigInput = z.input<typeof shopifyConfigSchema>;
export type ShopifyConfig = z.output<typeof shopifyConfigSchema>;
export type ShopifyAuthConfig = z.output<typeof authSchema>;

/** Parses the options, naming every wrong path at once. */
export function parseShopifyConfig(input: unknown): ShopifyConfig {
  const result = shopifyConfigSchema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new ConnectorError({
      system: 'shopify',
      code: 'invalid_request',
      message: `invalid Shopify connector options: ${problems.join('; ')}`,
    });
  }
  return result.data;
}

export function adminBaseUrl(config: Pick<ShopifyConfig, 'shopDomain' | 'adminUrl'>): string {
  return (config.adminUrl ?? `https://${config.shopDomain}`).replace(/\/+$/, '');
}

export function graphqlEndpoint(config: Pick<ShopifyConfig, 'shopDomain' | 'adminUrl' | 'apiVersion'>): string {
  return `${adminBaseUrl(config)}/admin/api/${config.apiVersion}/graphql.json`;
}
