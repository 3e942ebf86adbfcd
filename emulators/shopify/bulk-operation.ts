/**
 * Bulk queries as Shopify runs them: the query is checked (one to five connections, nested
 * at most two deep, a parent of a nested connection selects `id`), run over every item with
 * no paging, and written as JSONL: one line per connection node, nested nodes on their own
 * lines with `__parentId`. Without `groupObjects` children come after all their parents
 * (not next to them), which a client must cope with. The result is ready after
 * `durationMs` on the emulator's clock; until then the operation is RUNNING.
 */
import {
  Kind,
  execute,
  getNamedType,
  isCompositeType,
  isObjectType,
  isInterfaceType,
  parse,
  validate,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { Clock } from '../../src/core/clock.ts';
import type { BulkOperationRecord } from './after-sale-records.ts';
import { unlimitedPaging } from './connection.ts';
import type { EmulatedShop } from './shop.ts';

export interface BulkDeps {
  shop: EmulatedShop;
  schema: GraphQLSchema;
  rootValue: unknown;
  clock: Clock;
  durationMs: number;
  /** Fail the next operation as Shopify does on an internal error (fault injection). */
  failNext: () => boolean;
}

export interface BulkUserError {
  field: string[];
  message: string;
  code: 'INVALID' | 'LIMIT_REACHED' | 'OPERATION_IN_PROGRESS';
}

type Fields = { type: GraphQLCompositeType; node: FieldNode }[];
type Json = Record<string, unknown>;

const maxConnections = 5;
const maxRunning = 5;

function collectFields(
  type: GraphQLCompositeType,
  set: SelectionSetNode,
  schema: GraphQLSchema,
  fragments: Record<string, FragmentDefinitionNode>,
): Fields {
  const out: Fields = [];
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) out.push({ type, node: selection });
    else {
      const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments[selection.name.value] : selection;
      if (!fragment) continue;
      const condition = fragment.typeCondition ? (schema.getType(fragment.typeCondition.name.value) as GraphQLCompositeType) : type;
      out.push(...collectFields(condition, fragment.selectionSet, schema, fragments));
    }
  }
  return out;
}

function fieldDef(type: GraphQLCompositeType, name: string) {
  return isObjectType(type) || isInterfaceType(type) ? type.getFields()[name] : undefined;
}

const isConnection = (type: GraphQLCompositeType) => type.name.endsWith('Connection');

/** The node selection of a connection field: `nodes { … }` or `edges { node { … } }`. */
function nodeSelection(
  connection: GraphQLCompositeType,
  field: FieldNode,
  ctx: Walk,
): { type: GraphQLCompositeType; set: SelectionSetNode; via: 'nodes' | 'edges' } | undefined {
  for (const { node } of collectFields(connection, field.selectionSet!, ctx.schema, ctx.fragments)) {
    if (node.name.value === 'nodes' && node.selectionSet)
      return { type: getNamedType(fieldDef(connection, 'nodes')!.type) as GraphQLCompositeType, set: node.selectionSet, via: 'nodes' };
    if (node.name.value === 'edges' && node.selectionSet) {
      const edgeType = getNamedType(fieldDef(connection, 'edges')!.type) as GraphQLCompositeType;
      const inner = collectFields(edgeType, node.selectionSet, ctx.schema, ctx.fragments).find(
        (candidate) => candidate.node.name.value === 'node',
      );
      if (inner?.node.selectionSet)
        return { type: getNamedType(fieldDef(edgeType, 'node')!.type) as GraphQLCompositeType, set: inner.node.selectionSet, via: 'edges' };
    }
  }
  return undefined;
}

interface Walk {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  problems: string[];
  connections: number;
}

/** Checks Shopify's shape rules for bulk queries, counting connections. */
function checkShape(type: GraphQLCompositeType, set: SelectionSetNode, depth: number, ctx: Walk): void {
  const fields = collectFields(type, set, ctx.schema, ctx.fragments);
  for (const { type: owner, node } of fields) {
    const def = fieldDef(owner, node.name.value);
    const named = def && getNamedType(def.type);
    if (!named || !isCompositeType(named) || !node.selectionSet) continue;
    if (!isConnection(named)) {
      checkShape(named, node.selectionSet, depth, ctx);
      continue;
    }
    ctx.connections += 1;
    if (depth >= 2) ctx.problems.push(`Bulk queries cannot contain connections nested more than 2 levels deep (${node.name.value}).`);
    if (depth >= 1 && !fields.some((field) => field.node.name.value === 'id'))
      ctx.problems.push(`The parent of the nested connection ${node.name.value} must select id.`);
    const inner = nodeSelection(named, node, ctx);
    if (!inner) ctx.problems.push(`Connection ${node.name.value} must select nodes or edges { node }.`);
    else checkShape(inner.type, inner.set, depth + 1, ctx);
  }
}

/**
 * Turns the executed result into JSONL objects. A connection's nodes become lines (with
 * `__parentId` when nested); anything else stays inside its object.
 */
function flatten(
  type: GraphQLCompositeType,
  set: SelectionSetNode,
  data: Json,
  parentId: string | undefined,
  ctx: Walk,
  emit: (line: Json, depth: number) => void,
  depth: number,
): Json {
  const kept: Json = {};
  for (const { type: owner, node } of collectFields(type, set, ctx.schema, ctx.fragments)) {
    const key = node.alias?.value ?? node.name.value;
    if (!(key in data)) continue;
    const value = data[key];
    const def = fieldDef(owner, node.name.value);
    const named = def && getNamedType(def.type);
    if (named && isCompositeType(named) && isConnection(named) && node.selectionSet && value) {
      const inner = nodeSelection(named, node, ctx)!;
      const connection = value as { nodes?: Json[]; edges?: { node: Json }[] };
      const nodes = inner.via === 'nodes' ? (connection.nodes ?? []) : (connection.edges ?? []).map((edge) => edge.node);
      const ownerId = typeof data.id === 'string' ? data.id : parentId;
      for (const item of nodes) {
        const line = flatten(inner.type, inner.set, item, undefined, ctx, emit, depth + 1);
        emit(ownerId === undefined ? line : { ...line, __parentId: ownerId }, depth);
      }
    } else if (named && isCompositeType(named) && node.selectionSet && value && typeof value === 'object' && !Array.isArray(value)) {
      kept[key] = flatten(named, node.selectionSet, value as Json, typeof data.id === 'string' ? data.id : parentId, ctx, emit, depth);
    } else {
      kept[key] = value;
    }
  }
  return kept;
}

export function startBulkQuery(
  deps: BulkDeps,
  query: string,
  groupObjects: boolean,
): { operation: BulkOperationRecord; userErrors: [] } | { operation: null; userErrors: BulkUserError[] } {
  const invalid = (message: string) => ({ operation: null, userErrors: [{ field: ['query'], message, code: 'INVALID' as const }] });
  const running = [...deps.shop.bulkOperations.values()].filter(
    (operation) => operation.completesAtMs > deps.clock.now() && operation.status !== 'FAILED',
  );
  if (running.length >= maxRunning)
    return {
      operation: null,
      userErrors: [{ field: ['query'], message: `At most ${maxRunning} bulk queries may run at once.`, code: 'LIMIT_REACHED' }],
    };
  let document;
  try {
    document = parse(query);
  } catch (error) {
    return invalid(`Invalid bulk query: ${(error as Error).message}`);
  }
  const errors = validate(deps.schema, document);
  if (errors.length) return invalid(`Invalid bulk query: ${errors.map((error) => error.message).join('; ')}`);
  const operations = document.definitions.filter(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  if (operations.length !== 1 || operations[0]!.operation !== 'query')
    return invalid('A bulk query must hold exactly one query operation.');
  const fragments = Object.fromEntries(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
  );
  const ctx: Walk = { schema: deps.schema, fragments, problems: [], connections: 0 };
  const root = deps.schema.getQueryType()!;
  checkShape(root, operations[0]!.selectionSet, 0, ctx);
  if (ctx.connections === 0) ctx.problems.push('Bulk queries must contain at least one connection.');
  if (ctx.connections > maxConnections) ctx.problems.push(`Bulk queries cannot contain more than ${maxConnections} connections.`);
  if (ctx.problems.length) return invalid(ctx.problems.join(' '));

  const result = unlimitedPaging.run(true, () => execute({ schema: deps.schema, document, rootValue: deps.rootValue })) as {
    data?: Json | null;
  };
  const byDepth: Json[][] = [];
  const grouped: Json[] = [];
  let rootObjectCount = 0;
  flatten(
    root,
    operations[0]!.selectionSet,
    result.data ?? {},
    undefined,
    ctx,
    (line, depth) => {
      if (depth === 0) rootObjectCount += 1;
      (byDepth[depth] ??= []).push(line);
      grouped.push(line);
    },
    0,
  );
  // Children are emitted before their parent while walking; put parents first, as Shopify does.
  const lines = groupObjects ? orderParentsFirst(grouped) : byDepth.flat();
  const now = deps.clock.now();
  const failed = deps.failNext();
  const operation: BulkOperationRecord = {
    id: deps.shop.nextId(),
    query,
    status: 'CREATED',
    errorCode: failed ? 'INTERNAL_SERVER_ERROR' : null,
    createdAt: new Date(now).toISOString(),
    completesAtMs: now + deps.durationMs,
    completedAt: null,
    lines: failed ? [] : lines.map((line) => JSON.stringify(line)),
    rootObjectCount: failed ? 0 : rootObjectCount,
  };
  deps.shop.bulkOperations.set(operation.id, operation);
  return { operation, userErrors: [] };
}

/** With `groupObjects`, each parent line is followed by its own children. */
function orderParentsFirst(lines: Json[]): Json[] {
  const children = new Map<string, Json[]>();
  const roots: Json[] = [];
  for (const line of lines) {
    const parent = line.__parentId as string | undefined;
    if (parent === undefined) roots.push(line);
    else children.set(parent, [...(children.get(parent) ?? []), line]);
  }
  const out: Json[] = [];
  const visit = (line: Json) => {
    out.push(line);
    for (const child of children.get(line.id as string) ?? []) visit(child);
  };
  roots.forEach(visit);
  return out;
}

/** Moves an operation along by the clock: RUNNING until its time, then COMPLETED (or FAILED). */
export function refreshBulkOperation(operation: BulkOperationRecord, clock: Clock): BulkOperationRecord {
  const now = clock.now();
  if (operation.status === 'CREATED' || operation.status === 'RUNNING') {
    if (now < operation.completesAtMs) operation.status = 'RUNNING';
    else {
      operation.status = operation.errorCode ? 'FAILED' : 'COMPLETED';
      operation.completedAt = new Date(operation.completesAtMs).toISOString();
    }
  }
  return operation;
}
