/**
 * Requests under `api/ledgerbridge/integration/v1.0/companies({id})/…`: the companion pages
 * with the same OData rules as the standard API (filters, paging, etags, unknown or
 * read-only fields refused), their bound actions (204), one level of navigation
 * (`itemJournals({id})/itemJournalLines`, `salesOrders({id})/salesOrderLines`), `$expand`
 * of it, and deep inserts through the parts a page takes them for.
 */
import { readBody, type ApiRequest, type ApiSurface } from './api-request.ts';
import type { CompanionModel } from './companion-contract.ts';
import { pageOf, type View } from './companion-pages.ts';
import type { EmulatorDeps } from './deps.ts';
import type { EntityContext } from './entities.ts';
import { BcHttpError, badRequest, notFound, recordMissing } from './http-error.ts';
import type { EntityTypeDef } from './metadata.ts';
import type { PathSegment } from './odata-path.ts';
import { parseQueryOptions, type QueryOptions } from './odata-query.ts';
import { applyFilterAndOrder, readCollection } from './read.ts';
import { refuseInIsolatedBatch } from './standard-actions.ts';
import { validateBody } from './validate-body.ts';
import { jsonResponse, projectRow } from './wire.ts';
import { checkEtag } from './write.ts';

const notAllowed = () => new BcHttpError(405, 'BadRequest_MethodNotAllowed', 'The requested operation is not supported for this resource.');

interface Target {
  set: string;
  type: EntityTypeDef;
  /** The rows addressed, built only when needed (a POST on a large set needs none). */
  views: () => View[];
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
  let target: Target = { set: set.name, type, views: () => (keyed ? [] : page.views(ctx)), context: `${contextRoot}/${set.name}` };
  if (keyed) {
    const found = page.find!(ctx, first.key!.toLowerCase());
    if (!found) throw recordMissing(type.name, `Id='${first.key!}'`);
    target = { ...target, views: () => [found], view: found };
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
  const parent = target.view;
  const children = () => viewsWhere(ctx, childSet.name, referencedProperty, parent[property]);
  let child: Target = {
    set: childSet.name,
    type: model.entityTypes.get(nav.target)!,
    views: children,
    parent,
    context: `${target.context}/${second.name}`,
  };
  if (third?.key !== undefined) child = pick(model, child, third.key);
  else if (third) throw notFound();
  return child;
}

/** The views of `set` whose `property` is `value`, through the page's own lookup where it has one. */
function viewsWhere(ctx: EntityContext, set: string, property: string, value: unknown): View[] {
  const page = pageOf(set);
  return page.where ? page.where(ctx, property, value) : page.views(ctx).filter((row) => row[property] === value);
}

function pick(model: CompanionModel, target: Target, key: string): Target {
  if (model.queries.has(target.set)) throw badRequest(`The query ${target.set} has no key.`);
  const found = target.views().find((row) => row.id === key.toLowerCase());
  if (!found) throw recordMissing(target.type.name, `Id='${key}'`);
  return { ...target, view: found };
}

/** The children of `row` through a navigation property, as the child page serves them. */
function childrenOf(
  ctx: EntityContext,
  model: CompanionModel,
  type: EntityTypeDef,
  row: View,
  navigation: string,
): { type: EntityTypeDef; views: View[] } {
  const nav = type.navigation.get(navigation)!;
  const childSet = [...model.entitySets.values()].find((s) => s.type === nav.target)!;
  const { property, referencedProperty } = nav.constraint!;
  return { type: model.entityTypes.get(nav.target)!, views: viewsWhere(ctx, childSet.name, referencedProperty, row[property]) };
}

/** A view with its `$select` and `$expand` applied, children read through their own page. */
function project(
  ctx: EntityContext,
  model: CompanionModel,
  type: EntityTypeDef,
  row: View,
  options: QueryOptions,
): Record<string, unknown> {
  const out = projectRow(type, row, options.select);
  for (const expand of options.expand) {
    const children = childrenOf(ctx, model, type, row, expand.navigation);
    out[expand.navigation] = applyFilterAndOrder(children.views, children.type, expand.options).map((child) =>
      project(ctx, model, children.type, child, expand.options),
    );
  }
  return out;
}

function one(target: Target, row: View): Response {
  return jsonResponse(200, { '@odata.context': `${target.context}/$entity`, ...projectRow(target.type, row) });
}

/** A deep insert's children, each checked against its own entity type as BC's OData layer does. */
function validateNested(
  model: CompanionModel,
  type: EntityTypeDef,
  nested: Record<string, Record<string, unknown>[]>,
): Record<string, Record<string, unknown>[]> {
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const [navigation, children] of Object.entries(nested)) {
    const target = model.entityTypes.get(type.navigation.get(navigation)!.target)!;
    out[navigation] = children.map((child) => validateBody(target, child, { readOnly: model.readOnly.get(target.name)! }).values);
  }
  return out;
}

export async function handleCompanion(
  deps: EmulatorDeps,
  ctx: EntityContext,
  surface: ApiSurface,
  request: ApiRequest,
  segments: PathSegment[],
  contextRoot: string,
): Promise<Response> {
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
        const options = parseQueryOptions(request.url.searchParams, target.type, model);
        return jsonResponse(200, {
          '@odata.context': `${target.context}/$entity`,
          ...project(ctx, model, target.type, target.view, options),
        });
      }
      return readCollection({
        ctx,
        model,
        type: target.type,
        rows: target.views(),
        url: request.url,
        prefer: request.headers.get('prefer') ?? undefined,
        context: target.context,
        maxPageSize: deps.settings.maxPageSize,
        withEtag: !model.queries.has(target.set),
        project: (row, options) => project(ctx, model, target.type, row, options),
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
      // Options first: a bad $expand must not leave a half-answered insert behind.
      const options = parseQueryOptions(request.url.searchParams, target.type, model);
      const { values, nested } = validateBody(target.type, readBody(request), {
        readOnly: model.readOnly.get(target.type.name)!,
        nested: new Set(page.deepInsert ?? []),
      });
      const row = page.insert(ctx, values, target.parent, validateNested(model, target.type, nested));
      const created = refreshed(row.id);
      return jsonResponse(
        201,
        { '@odata.context': `${target.context}/$entity`, ...project(ctx, model, target.type, created, options) },
        { location: `${request.url.origin}${request.url.pathname}(${row.id})` },
      );
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
