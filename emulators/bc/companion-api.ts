/**
 * Requests under `api/ledgerbridge/integration/v1.0/companies({id})/…`: the companion pages
 * with the same OData rules as the standard API (filters, paging, etags, unknown or
 * read-only fields refused), their bound actions (204), and one level of navigation
 * (`itemJournals({id})/itemJournalLines`).
 */
import { readBody, type ApiRequest, type ApiSurface } from './api-request.js';
import type { CompanionModel } from './companion-contract.js';
import { pageOf, type View } from './companion-pages.js';
import type { EmulatorDeps } from './deps.js';
import type { EntityContext } from './entities.js';
import { BcHttpError, badRequest, notFound, recordMissing } from './http-error.js';
import type { EntityTypeDef } from './metadata.js';
import type { PathSegment } from './odata-path.js';
import { parseQueryOptions } from './odata-query.js';
import { readCollection } from './read.js';
import { refuseInIsolatedBatch } from './standard-actions.js';
import { validateBody } from './validate-body.js';
import { jsonResponse, projectRow } from './wire.js';
import { checkEtag } from './write.js';

const notAllowed = () => new BcHttpError(405, 'BadRequest_MethodNotAllowed', 'The requested operation is not supported for this resource.');

interface Target {
  set: string;
  type: EntityTypeDef;
  views: View[];
  view?: View;
  parent?: View;
  action?: string;
  context: string;
}

function resolve(ctx: EntityContext, model: CompanionModel, segments: PathSegment[], contextRoot: string): Target {
  const [first, second, third] = segments;
  const set = first && model.entitySets.get(first.name);
  if (!first || !set || segments.length > 3) throw notFound();
  const type = model.entityTypes.get(set.type)!;
  const page = pageOf(set.name);
  const keyed = first.key !== undefined && page.find !== undefined;
  let target: Target = { set: set.name, type, views: keyed ? [] : page.views(ctx), context: `${contextRoot}/${set.name}` };
  if (keyed) {
    const found = page.find!(ctx, first.key!.toLowerCase());
    if (!found) throw recordMissing(type.name, `Id='${first.key!}'`);
    target = { ...target, views: [found], view: found };
  } else if (first.key !== undefined) target = pick(model, target, first.key);
  if (!second) return target;
  if (!target.view) throw badRequest(`Bad Request - Error in query syntax: '${second.name}' follows a collection.`);
  if (second.name.startsWith('Microsoft.NAV.')) {
    const action = second.name.slice('Microsoft.NAV.'.length);
    if (!type.actions.has(action) || third) throw notFound();
    return { ...target, action };
  }
  const nav = type.navigation.get(second.name);
  if (!nav?.constraint) throw notFound();
  const childSet = [...model.entitySets.values()].find((s) => s.type === nav.target)!;
  const { property, referencedProperty } = nav.constraint;
  const children = pageOf(childSet.name).views(ctx).filter((row) => row[referencedProperty] === target.view![property]);
  let child: Target = { set: childSet.name, type: model.entityTypes.get(nav.target)!, views: children, parent: target.view, context: `${target.context}/${second.name}` };
  if (third?.key !== undefined) child = pick(model, child, third.key);
  else if (third) throw notFound();
  return child;
}

function pick(model: CompanionModel, target: Target, key: string): Target {
  if (model.queries.has(target.set)) throw badRequest(`The query ${target.set} has no key.`);
  const found = target.views.find((row) => row.id === key.toLowerCase());
  if (!found) throw recordMissing(target.type.name, `Id='${key}'`);
  return { ...target, view: found };
}

function one(target: Target, row: View): Response {
  return jsonResponse(200, { '@odata.context': `${target.context}/$entity`, ...projectRow(target.type, row) });
}

export async function handleCompanion(deps: EmulatorDeps, ctx: EntityContext, surface: ApiSurface, request: ApiRequest, segments: PathSegment[], contextRoot: string): Promise<Response> {
  const model = surface.model as CompanionModel;
  const target = resolve(ctx, model, segments, contextRoot);
  const setDef = model.entitySets.get(target.set)!;
  const page = pageOf(target.set);
  const ifMatch = request.headers.get('if-match') ?? undefined;
  const refreshed = (id: string) => page.find?.(ctx, id) ?? page.views(ctx).find((row) => row.id === id)!;
  switch (request.method) {
    case 'GET':
      if (target.action) throw notFound();
      if (target.view) {
        const { select } = parseQueryOptions(request.url.searchParams, target.type, model);
        return jsonResponse(200, { '@odata.context': `${target.context}/$entity`, ...projectRow(target.type, target.view, select) });
      }
      return readCollection({
        ctx, model, type: target.type, rows: target.views, url: request.url, prefer: request.headers.get('prefer') ?? undefined,
        context: target.context, maxPageSize: deps.settings.maxPageSize, withEtag: !model.queries.has(target.set), allowExpand: false,
      });
    case 'POST': {
      if (target.action) {
        const run = page.actions?.[target.action];
        if (!run) throw notAllowed();
        refuseInIsolatedBatch(request.batch?.isolated, target.action);
        run(ctx, target.view!._backing!);
        return new Response(null, { status: 204 });
      }
      if (target.view || !setDef.insertable || !page.insert) throw notAllowed();
      const { values } = validateBody(target.type, readBody(request), { readOnly: model.readOnly.get(target.type.name)! });
      const row = page.insert(ctx, values, target.parent);
      const created = refreshed(row.id);
      return jsonResponse(201, { '@odata.context': `${target.context}/$entity`, ...projectRow(target.type, created) }, { location: `${request.url.origin}${request.url.pathname}(${row.id})` });
    }
    case 'PATCH': {
      if (!target.view || target.action || !setDef.updatable || !page.update) throw notAllowed();
      const backing = target.view._backing!;
      checkEtag(backing, ifMatch);
      const body = readBody(request);
      const { values } = validateBody(target.type, body, { readOnly: model.readOnly.get(target.type.name)! });
      page.update(ctx, backing, values);
      return one(target, refreshed(backing.id));
    }
    case 'DELETE': {
      if (!target.view || target.action || !setDef.deletable || !page.remove) throw notAllowed();
      checkEtag(target.view._backing!, ifMatch);
      page.remove(ctx, target.view._backing!);
      return new Response(null, { status: 204 });
    }
    default:
      throw notAllowed();
  }
}
