/**
 * One Admin GraphQL request, answered as Shopify answers it: parse and validate against the
 * subset schema, price the query, take the cost from the shop's leaky bucket or answer
 * THROTTLED (HTTP 200, `errors[].extensions.code`, the cost block), execute, refund the
 * difference between requested and actual cost, and report `extensions.cost`.
 */
import {
  Kind,
  execute,
  parse,
  validate,
  type DocumentNode,
  type GraphQLError,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import type { Clock } from '../../src/core/clock.ts';
import { maxQueryCost, computeQueryCost, type LeakyBucket } from './cost.ts';
import { findOversizedInput } from './input-limits.ts';

export interface GraphqlRequestBody {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

export interface GraphqlContext {
  schema: GraphQLSchema;
  rootValue: unknown;
  bucket: LeakyBucket;
  clock: Clock;
  /** Answer the next request THROTTLED whatever the bucket holds (fault injection). */
  forceThrottle: () => boolean;
  /** Scheme, host and port the request came to; resolvers build URLs (bulk results) with it. */
  origin: string;
  /** Told the actual cost of each executed operation, by its name (the control endpoint's tally). */
  noteCost?: (operation: string, actual: number) => void;
}

type Json = Record<string, unknown>;

function errorBody(message: string, code?: string): Json {
  return { errors: [{ message, ...(code ? { extensions: { code } } : {}) }] };
}

function operationOf(document: DocumentNode, operationName: string | undefined): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  return operationName
    ? operations.find((operation) => operation.name?.value === operationName)
    : operations.length === 1
      ? operations[0]
      : undefined;
}

export async function handleGraphqlRequest(context: GraphqlContext, body: GraphqlRequestBody): Promise<Json> {
  if (typeof body.query !== 'string' || !body.query.trim()) return errorBody('Parameter Missing or Invalid: query', 'BAD_REQUEST');
  const variables = (body.variables && typeof body.variables === 'object' ? body.variables : {}) as Json;
  const operationName = typeof body.operationName === 'string' ? body.operationName : undefined;

  let document: DocumentNode;
  try {
    document = parse(body.query);
  } catch (error) {
    return { errors: [(error as GraphQLError).toJSON()] };
  }
  const invalid = validate(context.schema, document);
  if (invalid.length) return { errors: invalid.map((error) => error.toJSON()) };
  const oversized = findOversizedInput(document, variables);
  if (oversized) return errorBody(oversized, 'MAX_INPUT_SIZE_EXCEEDED');
  const operation = operationOf(document, operationName);
  if (!operation) return errorBody('An operation name is required when the document holds several operations', 'BAD_REQUEST');
  const fragments = Object.fromEntries(
    document.definitions
      .filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION)
      .map((fragment) => [fragment.name.value, fragment]),
  );

  const requested = computeQueryCost(context.schema, operation, fragments, variables);
  const now = context.clock.now();
  if (requested > maxQueryCost) {
    return errorBody(`Query cost is ${requested}, which exceeds the single query max cost limit (${maxQueryCost}).`, 'MAX_COST_EXCEEDED');
  }
  if (context.forceThrottle() || !context.bucket.tryTake(requested, now)) {
    return {
      errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' } }],
      extensions: { cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: context.bucket.status(now) } },
    };
  }

  const result = await execute({
    schema: context.schema,
    document,
    rootValue: context.rootValue,
    contextValue: { origin: context.origin },
    variableValues: variables,
    operationName,
  });
  const actual = result.data ? computeQueryCost(context.schema, operation, fragments, variables, result.data as Json) : requested;
  const settledAt = context.clock.now();
  context.bucket.refund(requested - actual, settledAt);
  context.noteCost?.(operation.name?.value ?? '(anonymous)', actual);
  return {
    ...(result.errors ? { errors: result.errors.map((error) => error.toJSON()) } : {}),
    ...(result.data !== undefined ? { data: result.data } : {}),
    extensions: { cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: context.bucket.status(settledAt) } },
  };
}
