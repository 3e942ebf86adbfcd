/**
 * `fulfillmentCreate`, made safe without an idempotency key. Shopify offers none for it, so
 * the fulfilment order is read first (can it be fulfilled, what is left, which fulfilments
 * exist already) and, when an attempt ends without an answer, read again: a new fulfilment
 * with the requested lines (and tracking numbers) means the attempt landed and is adopted;
 * only otherwise is the mutation sent again. Shipping twice is the failure this prevents.
 */
import type { Clock } from '../../core/clock.ts';
import type { ChannelFulfillment, FulfillmentRequest } from '../../core/domain/channel-fulfillment.ts';
import { isConnectorError } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';
import type { ShopifyGraphqlClient } from './client.ts';
import { errorFromUserErrors, shopifyError } from './errors.ts';
import { fulfillmentCreate, fulfillmentOrderState } from './fulfillment-documents.ts';
import {
  fulfillmentCreateResponse,
  fulfillmentOrderStateResponse,
  type Fulfillment,
  type FulfillmentOrderState,
} from './fulfillment-schemas.ts';

export interface FulfillmentDeps {
  client: ShopifyGraphqlClient;
  clock: Clock;
  logger: Logger;
}

/** Attempts of the mutation, each after making sure the previous one did not land. */
const maxSends = 3;
const waitBeforeLookingMs = 1_000;

async function readState(client: ShopifyGraphqlClient, id: string): Promise<FulfillmentOrderState> {
  const { data } = await client.request(fulfillmentOrderState, { id }, fulfillmentOrderStateResponse);
  if (!data.fulfillmentOrder) throw shopifyError('not_found', `fulfillment order ${id} does not exist`);
  return data.fulfillmentOrder;
}

/** Order line id → quantity the request ships, resolved against the fulfilment order's lines. */
function expectedLines(request: FulfillmentRequest, state: FulfillmentOrderState): Map<string, number> {
  const byLine = new Map(state.lineItems.nodes.map((line) => [line.id, line]));
  const expected = new Map<string, number>();
  const wanted = request.lines.length
    ? request.lines
    : state.lineItems.nodes.map((line) => ({ fulfillmentOrderLineItemId: line.id, quantity: line.remainingQuantity }));
  for (const line of wanted) {
    const found = byLine.get(line.fulfillmentOrderLineItemId);
    if (!found) throw shopifyError('invalid_request', `fulfillment order ${state.id} has no line ${line.fulfillmentOrderLineItemId}`);
    if (line.quantity > found.remainingQuantity) {
      throw shopifyError(
        'conflict',
        `fulfillment order ${state.id}: line ${line.fulfillmentOrderLineItemId} has ${found.remainingQuantity} left to ship, ${line.quantity} asked`,
        { upstreamCode: 'over_fulfilment' },
      );
    }
    if (line.quantity > 0) expected.set(found.lineItem.id, (expected.get(found.lineItem.id) ?? 0) + line.quantity);
  }
  if (!expected.size)
    throw shopifyError('conflict', `fulfillment order ${state.id} has nothing left to ship`, { upstreamCode: 'nothing_to_fulfil' });
  return expected;
}

function matches(fulfillment: Fulfillment, expected: Map<string, number>, numbers: readonly string[]): boolean {
  const shipped = new Map<string, number>();
  for (const line of fulfillment.fulfillmentLineItems.nodes)
    shipped.set(line.lineItem.id, (shipped.get(line.lineItem.id) ?? 0) + (line.quantity ?? 0));
  const sameLines = shipped.size === expected.size && [...expected].every(([id, quantity]) => shipped.get(id) === quantity);
  const tracked = new Set(fulfillment.trackingInfo.map((info) => info.number));
  return sameLines && numbers.every((number) => tracked.has(number));
}

function toChannelFulfillment(fulfillment: Fulfillment, adopted: boolean): ChannelFulfillment {
  return {
    id: fulfillment.id,
    status: fulfillment.status,
    createdAt: fulfillment.createdAt,
    tracking: fulfillment.trackingInfo,
    lines: fulfillment.fulfillmentLineItems.nodes.map((line) => ({ lineItemId: line.lineItem.id, quantity: line.quantity ?? 0 })),
    adopted,
  };
}

export async function createFulfillment(deps: FulfillmentDeps, request: FulfillmentRequest): Promise<ChannelFulfillment> {
  const before = await readState(deps.client, request.fulfillmentOrderId);
  if (!before.supportedActions.some((action) => action.action === 'CREATE_FULFILLMENT')) {
    throw shopifyError(
      'conflict',
      `fulfillment order ${before.id} is ${before.status} and cannot be fulfilled (closed, cancelled, on hold, or assigned to another app's fulfilment service)`,
      {
        upstreamCode: 'not_fulfillable',
      },
    );
  }
  const expected = expectedLines(request, before);
  const known = new Set(before.fulfillments.nodes.map((fulfillment) => fulfillment.id));
  const { company, numbers, urls } = request.tracking;
  const variables = {
    fulfillment: {
      lineItemsByFulfillmentOrder: [
        {
          fulfillmentOrderId: request.fulfillmentOrderId,
          ...(request.lines.length
            ? { fulfillmentOrderLineItems: request.lines.map((line) => ({ id: line.fulfillmentOrderLineItemId, quantity: line.quantity })) }
            : {}),
        },
      ],
      notifyCustomer: request.notifyCustomer,
      trackingInfo: { company, numbers, urls },
    },
  };
  for (let send = 1; ; send += 1) {
    try {
      const { data } = await deps.client.request(fulfillmentCreate, variables, fulfillmentCreateResponse);
      const payload = data.fulfillmentCreate;
      if (payload?.userErrors.length) throw errorFromUserErrors(payload.userErrors, 'fulfillmentCreate');
      if (!payload?.fulfillment)
        throw shopifyError('upstream_unavailable', 'fulfillmentCreate answered without a fulfillment', { retryable: false });
      return toChannelFulfillment(payload.fulfillment, false);
    } catch (error) {
      if (!isConnectorError(error) || !error.outcomeUnknown) throw error;
      await deps.clock.sleep(waitBeforeLookingMs * send);
      const after = await readState(deps.client, request.fulfillmentOrderId);
      const landed = after.fulfillments.nodes.find((fulfillment) => !known.has(fulfillment.id) && matches(fulfillment, expected, numbers));
      if (landed) {
        deps.logger.info(
          { fulfillmentOrderId: request.fulfillmentOrderId, fulfillmentId: landed.id },
          'the lost fulfillmentCreate had landed: adopting it',
        );
        return toChannelFulfillment(landed, true);
      }
      if (send >= maxSends) throw error;
      // Not there: the attempt never ran. The remaining quantities must still allow it.
      expectedLines(request, after);
      deps.logger.warn({ fulfillmentOrderId: request.fulfillmentOrderId, send }, 'fulfillmentCreate did not land: sending it again');
    }
  }
}
