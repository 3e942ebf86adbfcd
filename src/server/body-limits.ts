/**
 * Every endpoint has its own body limit, checked before a byte of the body is kept: Shopify
 * order webhooks are the largest thing the hub receives; BC notifications, operator requests
 * and dashboard forms are small, and any other path takes almost nothing.
 */
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { problem } from './http-errors.ts';
import { noteRejection } from './rejections.ts';

export interface BodyLimits {
  shopify: number;
  warehouse: number;
  bc: number;
  api: number;
  dashboard: number;
  /** Any other path (health, status, unknown routes). */
  other: number;
}

export const defaultBodyLimits: BodyLimits = {
  shopify: 2 * 1024 * 1024,
  warehouse: 2 * 1024 * 1024,
  bc: 1024 * 1024,
  api: 64 * 1024,
  dashboard: 64 * 1024,
  other: 1024,
};

type Endpoint = keyof BodyLimits;

const names: Record<Endpoint, string> = {
  shopify: 'Shopify webhooks',
  warehouse: 'warehouse callbacks',
  bc: 'Business Central notifications',
  api: 'the operator API',
  dashboard: 'dashboard forms',
  other: 'this path',
};

/** `warehousePaths`: each connection's warehouse callback route (several warehouses, decision 0029). */
export function limitBodies(limits: BodyLimits, warehousePaths: readonly string[] = []): MiddlewareHandler {
  const warehouse = new Set(warehousePaths);
  const endpointOf = (path: string): Endpoint => {
    if (path === '/webhooks/shopify') return 'shopify';
    if (path === '/webhooks/bc') return 'bc';
    if (warehouse.has(path)) return 'warehouse';
    if (path === '/api' || path.startsWith('/api/')) return 'api';
    if (path === '/dashboard' || path.startsWith('/dashboard/')) return 'dashboard';
    return 'other';
  };
  const guards = Object.fromEntries(
    (Object.keys(limits) as Endpoint[]).map((endpoint) => [
      endpoint,
      bodyLimit({
        maxSize: limits[endpoint],
        onError: (c) => {
          const message = `The body is larger than the ${limits[endpoint]}-byte limit of ${names[endpoint]}. Nothing was kept.`;
          noteRejection(c, {
            reason: message,
            detail: { limitBytes: limits[endpoint], declaredBytes: c.req.header('content-length') ?? null },
          });
          if (endpoint === 'dashboard') return c.text('That form is too large. Nothing was changed.', 413);
          return problem(c, 413, 'payload_too_large', message);
        },
      }),
    ]),
  ) as Record<Endpoint, MiddlewareHandler>;
  return (c, next) => guards[endpointOf(c.req.path)](c, next);
}
