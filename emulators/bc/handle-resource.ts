/**
 * One API request after authentication, on either surface: `$metadata`, `$batch`,
 * `subscriptions`, `companies`, and everything under a company, by method. Answers in BC's
 * JSON with `@odata.context` and `@odata.etag`.
 */
import { apiRootOf, readBody, type ApiRequest, type ApiSurface } from './api-request.ts';
import { handleBatch } from './batch.ts';
import { handleCompanion } from './companion-api.ts';
import { entityContext, type EmulatorDeps } from './deps.ts';
import { BcHttpError, badRequest, notFound } from './http-error.ts';
import { parseResourcePath } from './odata-path.ts';
import { parseQueryOptions } from './odata-query.ts';
import { applyFilterAndOrder, projectWithExpand, readCollection } from './read.ts';
import { resolveCompanyPath } from './resources.ts';
import { runStandardAction } from './standard-actions.ts';
import type { CompanyState, Row } from './store.ts';
import { handleSubscriptions } from './subscriptions.ts';
import { jsonResponse } from './wire.ts';
import { createEntity, deleteEntity, updateEntity } from './write.ts';

function companyRow(company: CompanyState): Row {
  return {
    id: company.id,
    _seq: 0,
    _version: 1,
    name: company.name,
    displayName: company.displayName,
    businessProfileId: company.businessProfileId,
    systemVersion: '26.0.30643.32481',
    timestamp: 0,
    systemCreatedAt: company.systemCreatedAt,
    systemModifiedAt: company.systemCreatedAt,
  };
}

export async function handleResource(deps: EmulatorDeps, surface: ApiSurface, request: ApiRequest): Promise<Response> {
  const segments = parseResourcePath(request.path);
  const root = apiRootOf(request, surface);
  const [first] = segments;
  if (!first) throw notFound();
  if (first.name === '$metadata') {
    if (request.method !== 'GET') throw notFound();
    return new Response(surface.model.xml, { headers: { 'content-type': 'application/xml', 'odata-version': '4.0' } });
  }
  if (first.name === '$batch') {
    if (request.method !== 'POST' || request.batch) throw badRequest('A $batch request must be a POST and cannot be nested.');
    return handleBatch(deps, surface, request);
  }
  if (first.name === 'subscriptions') return handleSubscriptions(deps, surface, request, segments, root);
  let companyId = request.url.searchParams.get('company') ?? undefined;
  let rest = segments;
  if (first.name === 'companies') {
    if (first.key === undefined || segments.length === 1) return readCompanies(deps, request, root, first.key);
    companyId = first.key;
    rest = segments.slice(1);
  }
  if (companyId === undefined) throw badRequest('The company must be given in the URL: companies(<id>)/… or ?company=<id>.');
  const ctx = entityContext(deps, companyId);
  const contextRoot = `${root}/$metadata#companies(${ctx.company.id})`;
  if (surface.name === 'companion') return handleCompanion(deps, ctx, surface, request, rest, contextRoot);

  const target = resolveCompanyPath(ctx, rest);
  const context = `${root}/$metadata#${target.contextPath}`;
  switch (request.method) {
    case 'GET':
      if (target.action) throw notFound();
      if (target.row) {
        const options = parseQueryOptions(request.url.searchParams, target.type, ctx.model);
        return jsonResponse(200, { '@odata.context': `${context}/$entity`, ...projectWithExpand(ctx, target.type, target.row, options) });
      }
      if (target.set === 'salesOrderLines' && !target.parent && !request.url.searchParams.get('$filter')?.includes('documentId')) {
        throw new BcHttpError(400, 'Application_DialogException', 'You must specify a document id to get the lines.');
      }
      return readCollection({
        ctx,
        model: ctx.model,
        type: target.type,
        rows: target.rows,
        url: request.url,
        prefer: request.headers.get('prefer') ?? undefined,
        context,
        maxPageSize: deps.settings.maxPageSize,
      });
    case 'POST': {
      if (target.action) {
        runStandardAction(ctx, target.set, target.action, target.row!, request.batch?.isolated);
        return new Response(null, { status: 204 });
      }
      // Options first: a bad $expand must not leave a half-answered insert behind.
      const options = parseQueryOptions(request.url.searchParams, target.type, ctx.model);
      const row = createEntity(ctx, target, readBody(request));
      const location = `${request.url.origin}${request.url.pathname}(${row.id})`;
      return jsonResponse(
        201,
        { '@odata.context': `${context}/$entity`, ...projectWithExpand(ctx, target.type, row, options) },
        { location },
      );
    }
    case 'PATCH': {
      const row = updateEntity(ctx, target, readBody(request), request.headers.get('if-match') ?? undefined);
      return jsonResponse(200, {
        '@odata.context': `${context}/$entity`,
        ...projectWithExpand(ctx, target.type, row, { expand: [], orderBy: [] }),
      });
    }
    case 'DELETE':
      deleteEntity(ctx, target, request.headers.get('if-match') ?? undefined);
      return new Response(null, { status: 204 });
    default:
      throw new BcHttpError(405, 'BadRequest_MethodNotAllowed', `The HTTP method '${request.method}' is not allowed.`);
  }
}

function readCompanies(deps: EmulatorDeps, request: ApiRequest, root: string, key: string | undefined): Response {
  if (request.method !== 'GET') throw new BcHttpError(405, 'BadRequest_MethodNotAllowed', 'Companies cannot be changed through the API.');
  const type = deps.model.entityTypes.get('company')!;
  const options = parseQueryOptions(request.url.searchParams, type, deps.model);
  const rows = [...deps.store.companies.values()].map(companyRow);
  const ctx = { store: deps.store, model: deps.model, company: [...deps.store.companies.values()][0]! };
  if (key !== undefined) {
    const row = rows.find((r) => r.id === key);
    if (!row) throw notFound(`Company '${key}' does not exist.`);
    return jsonResponse(200, {
      '@odata.context': `${root}/$metadata#companies/$entity`,
      ...projectWithExpand(ctx, type, row, { ...options, expand: [] }),
    });
  }
  const list = applyFilterAndOrder(rows, type, options);
  return jsonResponse(200, {
    '@odata.context': `${root}/$metadata#companies`,
    value: list.map((row) => projectWithExpand(ctx, type, row, { ...options, expand: [] })),
  });
}
