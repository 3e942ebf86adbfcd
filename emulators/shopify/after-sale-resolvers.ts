/**
 * Root fields for what follows an order: refunds, inventory items and writes, fulfilments,
 * Shopify Payments and bulk operations. Resolvers receive the request context (the
 * emulator's own origin, for bulk result URLs) and, for `@idempotent`, the field's info.
 */
import { GraphQLError, getDirectiveValues, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import type { Clock } from '../../src/core/clock.ts';
import { adjustmentGroupView, bulkOperationView, fulfillmentView, paymentsAccountView, refundView } from './after-sale-views.ts';
import { refreshBulkOperation, startBulkQuery } from './bulk-operation.ts';
import { buildConnection, sortableId, type ConnectionArgs } from './connection.ts';
import { createFulfillment, type FulfillmentCreateInput } from './create-fulfillment.ts';
import { inventoryItemView } from './inventory-views.ts';
import { parseGid } from './records.ts';
import { parseSearchAlternatives } from './search-query.ts';
import { setInventoryQuantities, type SetQuantitiesInput } from './set-inventory-quantities.ts';
import type { EmulatedShop } from './shop.ts';

export interface RequestContext {
  /** Scheme, host and port the request came to, e.g. `http://127.0.0.1:4101`. */
  origin: string;
}

export interface AfterSaleOptions {
  clock: Clock;
  schema: GraphQLSchema;
  /** The root value bulk queries run against (the emulator's whole API). */
  rootValue: () => unknown;
  bulkDurationMs: number;
  bulkFailNext: () => boolean;
}

/** The `@idempotent(key:)` on the field being resolved; Shopify refuses these mutations without one. */
function idempotencyKeyOf(info: GraphQLResolveInfo): string {
  const directive = info.schema.getDirective('idempotent');
  const values = directive ? getDirectiveValues(directive, info.fieldNodes[0]!, info.variableValues) : undefined;
  const key = typeof values?.key === 'string' ? values.key.trim() : '';
  if (!key) {
    throw new GraphQLError(`The @idempotent directive with a non-empty key is required for ${info.fieldName} since API version 2026-04.`, {
      extensions: { code: 'BAD_REQUEST' },
    });
  }
  return key;
}

export function createAfterSaleRoot(shop: EmulatedShop, options: AfterSaleOptions) {
  return {
    refund: ({ id }: { id: string }) => {
      const numeric = parseGid(id, 'Refund');
      const found = numeric === undefined ? undefined : shop.findOrderOfRefund(numeric);
      return found ? refundView(shop, found.order, found.refund) : null;
    },
    inventoryItems: (args: ConnectionArgs & { query?: string | null }) => {
      // `sku:A OR sku:B`: the documented way to read several items at once.
      const alternatives = parseSearchAlternatives(args.query);
      const items = [...shop.inventoryItems.values()].filter((item) =>
        alternatives.some((terms) =>
          terms.every((term) => {
            if (term.field === 'sku') return item.sku === term.value;
            if (term.field === 'id') return String(item.id) === (/(\d+)$/.exec(term.value)?.[1] ?? term.value);
            return true;
          }),
        ),
      );
      return buildConnection(
        items,
        args,
        (item) => sortableId(item.id),
        (item) => inventoryItemView(shop, item.id),
      );
    },
    shopifyPaymentsAccount: () => paymentsAccountView(shop),
    bulkOperation: ({ id }: { id: string }, context: RequestContext) => {
      const numeric = parseGid(id, 'BulkOperation');
      const operation = numeric === undefined ? undefined : shop.bulkOperations.get(numeric);
      return operation ? bulkOperationView(refreshBulkOperation(operation, options.clock), context.origin) : null;
    },

    inventorySetQuantities: ({ input }: { input: SetQuantitiesInput }, _context: RequestContext, info: GraphQLResolveInfo) => {
      const result = setInventoryQuantities(shop, input, idempotencyKeyOf(info));
      return { inventoryAdjustmentGroup: result.group && adjustmentGroupView(shop, result.group), userErrors: result.userErrors };
    },
    fulfillmentCreate: ({ fulfillment, message }: { fulfillment: FulfillmentCreateInput; message?: string | null }) => {
      const result = createFulfillment(shop, fulfillment, message ?? null);
      if (result.errors) return { fulfillment: null, userErrors: result.errors };
      return { fulfillment: fulfillmentView(shop, result.order, result.fulfillment), userErrors: [] };
    },
    bulkOperationRunQuery: ({ query, groupObjects }: { query: string; groupObjects: boolean }, context: RequestContext) => {
      const deps = {
        shop,
        schema: options.schema,
        rootValue: options.rootValue(),
        clock: options.clock,
        durationMs: options.bulkDurationMs,
        failNext: options.bulkFailNext,
      };
      const result = startBulkQuery(deps, query, groupObjects);
      return { bulkOperation: result.operation && bulkOperationView(result.operation, context.origin), userErrors: result.userErrors };
    },
  };
}
