/**
 * One API request after authentication: `$metadata`, `companies`, and everything under a
 * company, by method. Answers in BC's JSON with `@odata.context` and `@odata.etag`.
 */
import type { Context } from 'hono';
import { entityContext, type EmulatorDeps, type EmulatorEnv } from './deps.js';
import { BcHttpError, badRequest, notFound } from './http-error.js';
import type { PathSegment } from './odata-path.js';
import { parseQueryOptions } from './odata-query.js';
import { applyFilterAndOrder, nextLinkFor, parsePreferPageSize, projectWithExpand, takePage, type ReadContext } from './read.js';
import { resolveCompanyPath, type Resolved } from './resources.js';
import type { CompanyState, Row } from './store.js';
import { createEntity, deleteEntity, updateEntity } from './write.js';
import { jsonResponse, parseJsonBody } from './wire.js';

const notImplemented = (what: string) => new BcHttpError(501, 'BadRequest_MethodNotImplemented', `${what} is not implemented by the LedgerBridge BC emulator yet.`);

function companyRow(company: CompanyState): Row {
  return {
    id: company.id, _seq: 0, _version: 1, name: company.name, displayName: company.displayName,
    businessProfileId: company.businessProfileId, systemVersion: '26.0.30643.32481', timestamp: 0,
    systemCreatedAt: company.systemCreatedAt, systemModifiedAt: company.systemCreatedAt,
  };
}

export async function handleResource(deps: EmulatorDeps, c: Context<EmulatorEnv>, method: string, segments: PathSegment[]): Promise<Response> {
  const root = c.req.url.slice(0, c.req.url.indexOf('/api/v2.0/') + '/api/v2.0'.length);
  const [first] = segments;
  if (!first) throw notFound();
  if (first.name === '$metadata') {
    if (method !== 'GET') throw notFound();
    return new Response(deps.model.xml, { headers: { 'content-type': 'application/xml', 'odata-version': '4.0' } });
  }
  if (first.name === '$batch') throw notImplemented('$batch');
  if (first.name === 'subscriptions') throw notImplemented('Webhook subscriptions');
  const url = new URL(c.req.url);
  let companyId = url.searchParams.get('company') ?? undefined;
  let rest = segments;
  if (first.name === 'companies') {
    if (first.key === undefined || segments.length === 1) return readCompanies(deps, c, root, method, first.key);
    companyId = first.key;
    rest = segments.slice(1);
  }
  if (companyId === undefined) throw badRequest('The company must be given in the URL: companies(<id>)/… or ?company=<id>.');
  const ctx = entityContext(deps, companyId);
  const target = resolveCompanyPath(ctx, rest);
  const context = `${root}/$metadata#${target.contextPath}`;
  switch (method) {
    case 'GET':
      if (target.action) throw notFound();
      return read(ctx, c, target, context, deps.settings.maxPageSize);
    case 'POST': {
      if (target.action) throw notImplemented(`The action Microsoft.NAV.${target.action}`);
      // Options first: a bad $expand must not leave a half-answered insert behind.
      const options = parseQueryOptions(url.searchParams, target.type, ctx.model);
      const row = createEntity(ctx, target, await readBody(c));
      const location = `${url.origin}${url.pathname}(${row.id})`;
      return jsonResponse(201, { '@odata.context': `${context}/$entity`, ...projectWithExpand(ctx, target.type, row, options) }, { location });
    }
    case 'PATCH': {
      const row = updateEntity(ctx, target, await readBody(c), c.req.header('if-match'));
      return jsonResponse(200, { '@odata.context': `${context}/$entity`, ...projectWithExpand(ctx, target.type, row, { expand: [], orderBy: [] }) });
    }
    case 'DELETE':
      deleteEntity(ctx, target, c.req.header('if-match'));
      return new Response(null, { status: 204 });
    default:
      throw new BcHttpError(405, 'BadRequest_MethodNotAllowed', `The HTTP method '${method}' is not allowed.`);
  }
}

async function readBody(c: Context<EmulatorEnv>): Promise<unknown> {
  const text = await c.req.text();
  try {
    return parseJsonBody(text);
  } catch {
    throw badRequest('Invalid Request Body');
  }
}

function read(ctx: ReadContext, c: Context<EmulatorEnv>, target: Resolved, context: string, maxPageSize: number): Response {
  const options = parseQueryOptions(new URL(c.req.url).searchParams, target.type, ctx.model);
  if (target.row) {
    return jsonResponse(200, { '@odata.context': `${context}/$entity`, ...projectWithExpand(ctx, target.type, target.row, options) });
  }
  if (target.set === 'salesOrderLines' && !target.parent && !JSON.stringify(options.filter ?? {}).includes('"documentId"')) {
    throw new BcHttpError(400, 'Application_DialogException', 'You must specify a document id to get the lines.');
  }
  const requested = parsePreferPageSize(c.req.header('prefer'));
  const pageSize = Math.max(1, Math.min(requested ?? maxPageSize, maxPageSize));
  const page = takePage(applyFilterAndOrder(target.rows, target.type, options), options, pageSize);
  const body: Record<string, unknown> = { '@odata.context': context, value: page.rows.map((row) => projectWithExpand(ctx, target.type, row, options)) };
  if (page.nextToken !== undefined) body['@odata.nextLink'] = nextLinkFor(c.req.url, page.nextToken);
  const headers: Record<string, string> = requested !== undefined ? { 'preference-applied': `odata.maxpagesize=${pageSize}` } : {};
  return jsonResponse(200, body, headers);
}

function readCompanies(deps: EmulatorDeps, c: Context<EmulatorEnv>, root: string, method: string, key: string | undefined): Response {
  if (method !== 'GET') throw new BcHttpError(405, 'BadRequest_MethodNotAllowed', 'Companies cannot be changed through the API.');
  const type = deps.model.entityTypes.get('company')!;
  const options = parseQueryOptions(new URL(c.req.url).searchParams, type, deps.model);
  const rows = [...deps.store.companies.values()].map(companyRow);
  const ctx = { store: deps.store, model: deps.model, company: [...deps.store.companies.values()][0]! };
  if (key !== undefined) {
    const row = rows.find((r) => r.id === key);
    if (!row) throw notFound(`Company '${key}' does not exist.`);
    return jsonResponse(200, { '@odata.context': `${root}/$metadata#companies/$entity`, ...projectWithExpand(ctx, type, row, { ...options, expand: [] }) });
  }
  const list = applyFilterAndOrder(rows, type, options);
  return jsonResponse(200, { '@odata.context': `${root}/$metadata#companies`, value: list.map((row) => projectWithExpand(ctx, type, row, { ...options, expand: [] })) });
}
