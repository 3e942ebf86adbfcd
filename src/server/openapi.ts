/**
 * The operator API described as OpenAPI 3.1, generated from the same zod schemas that check
 * each request (@asteasolutions/zod-to-openapi), served at /api/openapi.json.
 */
import { connectionIdSchema } from '../config/connections-schema.ts';
import { extendZodWithOpenApi, OpenApiGeneratorV31, OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { closeBody, listQuery, retryBody } from './operator-api.ts';

extendZodWithOpenApi(z);

const problem = z.object({ error: z.object({ code: z.string(), message: z.string() }) }).openapi('Problem');
const idParam = z.object({
  id: z
    .string()
    .regex(/^[1-9][0-9]*$/)
    .openapi({ description: 'exception id' }),
});
const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
const refusals = {
  400: json(problem, 'the request is not valid; the message names the field'),
  401: json(problem, 'no or wrong operator token'),
  403: json(problem, 'refused by the operator checks (token required, host, cross-site)'),
  404: json(problem, 'no such exception or record'),
  409: json(problem, 'nothing was done: already closed, or nothing to retry'),
};
const anyObject = z.object({}).passthrough();

export function buildOpenApiDocument(): object {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'operatorToken', { type: 'http', scheme: 'bearer', description: 'LEDGERBRIDGE_API_TOKEN' });
  const get = (path: string, summary: string, extra: Record<string, unknown> = {}) =>
    registry.registerPath({
      method: 'get',
      path,
      summary,
      security: [{ operatorToken: [] }],
      responses: { 200: json(anyObject, 'OK'), ...refusals },
      ...extra,
    });
  const oneConnection = z.object({ connection: connectionIdSchema.optional() });
  // Also served at /status, for monitoring tools.
  get(
    '/api/status',
    "Per flow: last run, backlog, oldest unposted, exceptions needing action and for review by team; queues; monitoring figures (each with its `connection`). One connection's (shop's) with `connection` (404 when the hub has no such connection), every connection's together without it",
    { request: { query: oneConnection } },
  );
  get('/api/exceptions', 'Exceptions (open unless status says otherwise); `truncated` says when more match than `limit`', {
    request: { query: listQuery },
  });
  get('/api/exceptions/{id}', 'One exception with its record', { request: { params: idParam } });
  get('/api/records/{term}', 'Records by any id: order number, BC document number, ledger id; with progress, trail and history', {
    request: { params: z.object({ term: z.string().min(1).max(200) }), query: z.object({ connection: connectionIdSchema.optional() }) },
  });
  get('/api/reconciliations', "Month-end reconciliation runs, newest first; one connection's (shop's) with `connection`", {
    request: { query: oneConnection },
  });
  get(
    '/api/stock/{sku}',
    "One SKU's stock at every mapped location, term by term: BC figures, orders BC has not seen, buffer, last push; `connection` names the shop on a hub of several",
    { request: { params: z.object({ sku: z.string().min(1).max(100) }), query: oneConnection } },
  );
  for (const [verb, body, summary] of [
    ['retry', retryBody, 'Put the record back in its queue, optionally with corrections; 409 when nothing can be retried'],
    ['resolve', closeBody, 'Close as resolved with a note'],
    ['ignore', closeBody, 'Close as ignored with a note'],
  ] as const)
    registry.registerPath({
      method: 'post',
      path: `/api/exceptions/{id}/${verb}`,
      summary,
      security: [{ operatorToken: [] }],
      request: { params: idParam, body: { content: { 'application/json': { schema: body } } } },
      responses: { 200: json(anyObject, 'Done'), ...refusals },
    });
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'LedgerBridge operator API',
      version: '1',
      description: 'The operations the CLI and dashboard offer. See README "Operator API".',
    },
  });
}
