/**
 * Query cost as Shopify calculates it, close enough to pace a client the same way:
 * scalars and enums 0, an object 1, a connection 2 + `first`/`last` × the cost of one node,
 * a list field with `first` that many times its element, a mutation 10. The requested cost
 * uses the page sizes asked for; the actual cost counts what was returned.
 */
import {
  Kind,
  getNamedType,
  isLeafType,
  isListType,
  getNullableType,
  isObjectType,
  isInterfaceType,
  valueFromASTUntyped,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

export const mutationCost = 10;
export const maxQueryCost = 1000;

interface Walk {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

function argumentNumber(node: FieldNode, name: string, walk: Walk): number | undefined {
  const arg = node.arguments?.find((candidate) => candidate.name.value === name);
  if (!arg) return undefined;
  const value = valueFromASTUntyped(arg.value, walk.variables);
  return typeof value === 'number' ? value : undefined;
}

/** Each (type, selection set) pair: fields of the parent plus those of matching fragments. */
function fieldsOf(parent: GraphQLCompositeType, set: SelectionSetNode, walk: Walk): { type: GraphQLCompositeType; node: FieldNode }[][] {
  const direct: { type: GraphQLCompositeType; node: FieldNode }[] = [];
  const branches: { type: GraphQLCompositeType; node: FieldNode }[][] = [];
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) direct.push({ type: parent, node: selection });
    else {
      const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? walk.fragments[selection.name.value] : selection;
      if (!fragment) continue;
      const condition = fragment.typeCondition ? (walk.schema.getType(fragment.typeCondition.name.value) as GraphQLCompositeType) : parent;
      const nested = fieldsOf(condition, fragment.selectionSet, walk);
      if (condition === parent) direct.push(...nested.flat());
      else branches.push(nested.flat());
    }
  }
  return [direct, ...branches];
}

function fieldType(parent: GraphQLCompositeType, name: string) {
  return isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name]?.type : undefined;
}

/** `data` undefined: requested cost from page sizes; otherwise actual cost from the result. */
function setCost(
  parent: GraphQLCompositeType,
  set: SelectionSetNode,
  walk: Walk,
  data: Record<string, unknown> | undefined | null,
): number {
  const [direct = [], ...branches] = fieldsOf(parent, set, walk);
  const costOf = (fields: { type: GraphQLCompositeType; node: FieldNode }[]) =>
    fields.reduce((total, { type, node }) => total + fieldCost(type, node, walk, data), 0);
  // Of fragments on different types only one applies to a given object: count the dearest.
  return costOf(direct) + branches.reduce((most, branch) => Math.max(most, costOf(branch)), 0);
}

function fieldCost(parent: GraphQLCompositeType, node: FieldNode, walk: Walk, data: Record<string, unknown> | undefined | null): number {
  const type = fieldType(parent, node.name.value);
  if (!type || !node.selectionSet) return 0;
  const named = getNamedType(type);
  if (isLeafType(named)) return 0;
  const child = named as GraphQLCompositeType;
  const actual = data === undefined ? undefined : data?.[node.alias?.value ?? node.name.value];
  if (data !== undefined && actual == null) return 0;
  if (named.name.endsWith('Connection'))
    return 2 + connectionInnerCost(child, node.selectionSet, walk, node, actual as Record<string, unknown> | undefined);
  if (isListType(getNullableType(type))) {
    if (data !== undefined)
      return (actual as Record<string, unknown>[]).reduce((total, item) => total + 1 + setCost(child, node.selectionSet!, walk, item), 0);
    const size = argumentNumber(node, 'first', walk) ?? 1;
    return size * (1 + setCost(child, node.selectionSet, walk, undefined));
  }
  return 1 + setCost(child, node.selectionSet, walk, data === undefined ? undefined : (actual as Record<string, unknown>));
}

/** A connection's nodes (via `nodes` or `edges.node`); `pageInfo` and edge wrappers are free. */
function connectionInnerCost(
  connection: GraphQLCompositeType,
  set: SelectionSetNode,
  walk: Walk,
  field: FieldNode,
  data: Record<string, unknown> | undefined,
): number {
  const size = argumentNumber(field, 'first', walk) ?? argumentNumber(field, 'last', walk) ?? 0;
  let total = 0;
  for (const { node } of fieldsOf(connection, set, walk).flat()) {
    const name = node.name.value;
    if (!node.selectionSet || name === 'pageInfo') continue;
    const key = node.alias?.value ?? name;
    const nodeType = getNamedType(fieldType(connection, name)!) as GraphQLCompositeType;
    if (name === 'nodes') {
      total +=
        data === undefined
          ? size * (1 + setCost(nodeType, node.selectionSet, walk, undefined))
          : ((data[key] as Record<string, unknown>[] | undefined) ?? []).reduce(
              (sum, item) => sum + 1 + setCost(nodeType, node.selectionSet!, walk, item),
              0,
            );
    } else if (name === 'edges') {
      total +=
        data === undefined
          ? size * setCost(nodeType, node.selectionSet, walk, undefined)
          : ((data[key] as Record<string, unknown>[] | undefined) ?? []).reduce(
              (sum, item) => sum + setCost(nodeType, node.selectionSet!, walk, item),
              0,
            );
    }
  }
  return total;
}

export function computeQueryCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  data?: Record<string, unknown> | null,
): number {
  if (operation.operation === 'mutation') return mutationCost * operation.selectionSet.selections.length;
  const root = schema.getQueryType()!;
  return setCost(root, operation.selectionSet, { schema, fragments, variables }, data);
}

export interface PlanLimits {
  maximumAvailable: number;
  restoreRate: number;
}

/**
 * Restore rates are Shopify's published ones; bucket sizes for standard and Plus are those
 * observed in real answers, the others (unpublished) assumed at 20 seconds of restore.
 */
export const planLimits: Record<'standard' | 'advanced' | 'plus' | 'enterprise', PlanLimits> = {
  standard: { maximumAvailable: 2_000, restoreRate: 100 },
  advanced: { maximumAvailable: 4_000, restoreRate: 200 },
  plus: { maximumAvailable: 20_000, restoreRate: 1_000 },
  enterprise: { maximumAvailable: 40_000, restoreRate: 2_000 },
};

/** Shopify's leaky bucket for one app on one shop. */
export class LeakyBucket {
  private available: number;
  private at: number;

  readonly limits: PlanLimits;
  constructor(limits: PlanLimits, now: number) {
    this.limits = limits;
    this.available = limits.maximumAvailable;
    this.at = now;
  }

  currentlyAvailable(now: number): number {
    const refilled = this.available + (Math.max(0, now - this.at) / 1000) * this.limits.restoreRate;
    this.available = Math.min(this.limits.maximumAvailable, refilled);
    this.at = Math.max(this.at, now);
    return this.available;
  }

  /** Takes `cost` points if there are that many; never lets the bucket go below zero. */
  tryTake(cost: number, now: number): boolean {
    if (this.currentlyAvailable(now) < cost) return false;
    this.available -= cost;
    return true;
  }

  refund(points: number, now: number): void {
    this.currentlyAvailable(now);
    this.available = Math.min(this.limits.maximumAvailable, this.available + Math.max(0, points));
  }

  drain(now: number): void {
    this.currentlyAvailable(now);
    this.available = 0;
  }

  status(now: number) {
    return {
      maximumAvailable: this.limits.maximumAvailable,
      currentlyAvailable: Math.floor(this.currentlyAvailable(now)),
      restoreRate: this.limits.restoreRate,
    };
  }
}
