/**
 * An order whole from its webhook body plus what the body lacks, read in batches: one
 * OrderSupplements query for the orders announced together, one FulfillmentOrderLines query
 * for the fulfilment orders of orders that have several, and variant details from a cache
 * (one VariantDetails query for the variants not seen lately). Where the body cannot stand for
 * the order — Shopify changed it since (`updatedAt` differs), it has refunds, or a page is full
 * — the caller reads the order whole instead (`undefined` here means exactly that).
 */
import type { AnnouncedTransaction, ChannelFulfillmentOrder, ChannelOrder, ChannelTransaction } from '../../core/domain/channel-order.ts';
import { dec, sum } from '../../core/money.ts';
import { createBatcher } from './batcher.ts';
import type { ShopifyGraphqlClient } from './client.ts';
import { createInventoryReads } from './inventory.ts';
import { mapTransaction } from './map-order.ts';
import type { RestOrderPart } from './map-rest-order.ts';
import {
  fulfillmentOrderLines,
  fulfillmentOrderLinesResponse,
  fulfillmentOrdersPerQuery,
  orderSupplements,
  orderSupplementsResponse,
  orderSupplementsWithoutTransactions,
  ordersPerSupplementQuery,
  variantDetails,
  variantDetailsResponse,
  variantsPerQuery,
  type SupplementNode,
  type VariantNode,
} from './order-supplement-documents.ts';
import type { FulfillmentOrderLine } from './schemas.ts';

/** Variant details change rarely (a barcode or HS code fixed in the admin); a retried order reads them again after this. */
const VARIANT_TTL_MS = 5 * 60_000;
/**
 * A read "afresh" (a held order's retry) is shared this long: the held orders retried in one
 * round often wait on the same products, and each asking for them again cost about 3 points
 * per imported order in the sandbox's mix. A fix made in the admin is seen a minute later at most.
 */
const FRESH_SHARED_MS = 60_000;
/** How long a read waits for others to share its query: a webhook burst arrives within milliseconds. */
const BATCH_WAIT_MS = 15;

export type OrderCompletion = { order: ChannelOrder } | { order: undefined; reason: 'gone' | 'stale' | 'incomplete' };

export function createOrderCompletion(client: ShopifyGraphqlClient, now: () => number = Date.now) {
  const inventory = createInventoryReads(client);
  const nodesById = <T extends { id: string }>(nodes: (T | null)[]) =>
    new Map(nodes.filter((n): n is T => n !== null).map((n) => [n.id, n]));

  const supplementBatcher = (document: typeof orderSupplements) =>
    createBatcher<string, SupplementNode>({
      maxSize: ordersPerSupplementQuery,
      waitMs: BATCH_WAIT_MS,
      load: async (ids) => nodesById((await client.request(document, { ids }, orderSupplementsResponse)).data.nodes),
    });
  const supplementOf = supplementBatcher(orderSupplements);
  const supplementWithoutTransactionsOf = supplementBatcher(orderSupplementsWithoutTransactions);

  const linesOf = createBatcher<string, { lines: FulfillmentOrderLine[]; complete: boolean }>({
    maxSize: fulfillmentOrdersPerQuery,
    waitMs: BATCH_WAIT_MS,
    load: async (ids) => {
      const { nodes } = (await client.request(fulfillmentOrderLines, { ids }, fulfillmentOrderLinesResponse)).data;
      return new Map(
        [...nodesById(nodes)].map(([id, node]) => [id, { lines: node.lineItems.nodes, complete: !node.lineItems.pageInfo.hasNextPage }]),
      );
    },
  });

  const variants = new Map<string, { at: number; fresh: boolean; value: Promise<VariantNode | undefined> }>();
  const loadVariant = createBatcher<string, VariantNode>({
    maxSize: variantsPerQuery,
    waitMs: BATCH_WAIT_MS,
    load: async (ids) => nodesById((await client.request(variantDetails, { ids }, variantDetailsResponse)).data.nodes),
  });
  const variantOf = (id: string, fresh: boolean) => {
    const hit = variants.get(id);
    const age = hit ? now() - hit.at : Infinity;
    if (hit && (fresh ? hit.fresh && age < FRESH_SHARED_MS : age < VARIANT_TTL_MS)) return hit.value;
    const value = loadVariant(id);
    variants.set(id, { at: now(), fresh, value });
    value.catch(() => variants.delete(id));
    return value;
  };

  let locations: { at: number; value: Promise<Map<string, string>> } | undefined;
  const locationIds = (fresh: boolean) => {
    if (fresh || !locations || now() - locations.at >= VARIANT_TTL_MS) {
      const value = inventory.listLocations().then((list) => new Map(list.map((location) => [location.name, location.id])));
      locations = { at: now(), value };
      value.catch(() => (locations = undefined));
    }
    return locations.value;
  };
  /** A location by its name; a name not in the cached list (new or renamed since) reloads it once. */
  const locationIdOf = async (name: string) => (await locationIds(false)).get(name) ?? (await locationIds(true)).get(name);

  /** One open fulfilment order holds every line to ship: its lines need no read (the flow maps only those). */
  async function fulfillmentOrdersOf(part: RestOrderPart, supplement: SupplementNode): Promise<ChannelFulfillmentOrder[] | undefined> {
    const headers = supplement.fulfillmentOrders.nodes;
    const ids = await Promise.all(headers.map((fo) => locationIdOf(fo.assignedLocation.name)));
    if (ids.some((id) => id === undefined)) return undefined;
    const open = headers.filter((fo) => fo.status !== 'CLOSED' && fo.status !== 'CANCELLED');
    if (headers.length === 1 && open.length === 1) {
      const [fo] = headers;
      const lines = part.lines
        .filter((line) => line.requiresShipping && line.currentQuantity > 0)
        .map((line) => ({
          id: '',
          lineItemId: line.id,
          sku: line.sku,
          totalQuantity: line.currentQuantity,
          remainingQuantity: line.currentQuantity,
        }));
      return [{ id: fo!.id, status: fo!.status, locationId: ids[0]!, lines, linesFromOrder: true }];
    }
    const read = await Promise.all(headers.map((fo) => linesOf(fo.id)));
    if (read.some((lines) => !lines?.complete)) return undefined;
    return headers.map((fo, index) => ({
      id: fo.id,
      status: fo.status,
      locationId: ids[index]!,
      lines: read[index]!.lines.map((line) => ({
        id: line.id,
        lineItemId: line.lineItem.id,
        sku: line.sku,
        totalQuantity: line.totalQuantity,
        remainingQuantity: line.remainingQuantity,
      })),
    }));
  }

  /**
   * `freshDetails`: variant details read now, not from the cache (a retry waiting on such a fix).
   * `announcedTransactions`: what Shopify's transaction webhooks said of the order; where they
   * account for it (announcedTransactionsCover), its transactions are not asked for again.
   */
  async function completeOrder(
    part: RestOrderPart,
    options: { freshDetails?: boolean; announcedTransactions?: readonly AnnouncedTransaction[] } = {},
  ): Promise<OrderCompletion> {
    const announced = announcedTransactionsCover(part, options.announcedTransactions ?? []);
    const supplement = await (announced ? supplementWithoutTransactionsOf : supplementOf)(part.id);
    if (!supplement) return { order: undefined, reason: 'gone' };
    if (Date.parse(supplement.updatedAt) !== Date.parse(part.updatedAt)) return { order: undefined, reason: 'stale' };
    const transactions = announced ?? (supplement.transactions ?? []).map(mapTransaction);
    const full = transactions.length >= 5 || supplement.fulfillmentOrders.pageInfo.hasNextPage;
    if (full || supplement.refunds.length > 0) return { order: undefined, reason: 'incomplete' };
    const [fulfillmentOrders, details] = await Promise.all([
      fulfillmentOrdersOf(part, supplement),
      Promise.all(part.lines.map((line) => (line.variantId ? variantOf(line.variantId, options.freshDetails === true) : undefined))),
    ]);
    if (!fulfillmentOrders) return { order: undefined, reason: 'incomplete' };
    const lines = part.lines.map((line, index) => withVariantDetails(line, details[index]));
    // A body kept while held (bodyOnly) is whole now.
    const { bodyOnly: _bodyOnly, ...order } = part;
    return { order: { ...order, lines, transactions, fulfillmentOrders } };
  }

  /**
   * An order read before, its product details read afresh and nothing else: a held order's
   * retry looks there first, since a fix such as an HS code on the product changes no order.
   */
  async function withDetails(order: ChannelOrder, fresh: boolean): Promise<ChannelOrder> {
    const details = await Promise.all(order.lines.map((line) => (line.variantId ? variantOf(line.variantId, fresh) : undefined)));
    return { ...order, lines: order.lines.map((line, index) => withVariantDetails(line, details[index])) };
  }

  return {
    completeOrder,
    withFreshDetails: (order: ChannelOrder) => withDetails(order, true),
    withCachedDetails: (order: ChannelOrder) => withDetails(order, false),
  };
}

const isMoneyIn = (transaction: ChannelTransaction) =>
  transaction.status === 'SUCCESS' && (transaction.kind === 'SALE' || transaction.kind === 'CAPTURE');

/**
 * The order's transactions as its `order_transactions/create` webhooks announced them, when
 * they are known to be all the order's money: the order is paid, in the shop's currency only,
 * and the successful sales and captures announced add up to its total. Anything less (a
 * payment still to be announced, an authorisation only, another presentment currency) gives
 * `undefined` and the transactions are read from Shopify. Shopify announces a transaction
 * again when its status changes: the newest announcement of each counts. In creation order,
 * as GraphQL lists them (Shopify's ids grow with time).
 */
export function announcedTransactionsCover(
  part: Pick<RestOrderPart, 'id' | 'currency' | 'presentmentCurrency' | 'displayFinancialStatus' | 'totals'>,
  announced: readonly AnnouncedTransaction[],
): ChannelTransaction[] | undefined {
  if (part.displayFinancialStatus !== 'PAID' || part.presentmentCurrency !== part.currency) return undefined;
  const ofOrder = announced.filter((entry) => entry.orderId === part.id);
  if (ofOrder.length === 0 || ofOrder.some((entry) => entry.currency !== part.currency)) return undefined;
  const newest = new Map(ofOrder.map((entry) => [entry.transaction.id, entry.transaction]));
  const transactions = [...newest.values()].sort((a, b) => compareIds(a.id, b.id));
  const paid = sum(transactions.filter(isMoneyIn).map((transaction) => transaction.amount));
  return paid.equals(dec(part.totals.total)) ? transactions : undefined;
}

function compareIds(a: string, b: string): number {
  const numeric = (id: string) => BigInt(/(\d+)$/.exec(id)?.[1] ?? '0');
  const [x, y] = [numeric(a), numeric(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

function withVariantDetails<Line extends RestOrderPart['lines'][number]>(line: Line, variant: VariantNode | undefined): Line {
  if (!variant) return line;
  return {
    ...line,
    barcode: variant.barcode,
    inventoryItemId: variant.inventoryItem.id,
    harmonizedSystemCode: variant.inventoryItem.harmonizedSystemCode,
    countryOfOrigin: variant.inventoryItem.countryCodeOfOrigin,
  };
}
