/**
 * The shape of a GraphQL document the hub sends, and the fragments several documents share.
 * Documents themselves live in documents.ts and its siblings (`*-documents.ts`); every one is
 * listed in `allDocuments`, which the tests validate against the official schema.
 *
 * `estimatedCost` seeds the cost limiter before Shopify has reported the real requested
 * cost of the operation (the client remembers that afterwards). `idempotent` marks a
 * mutation that carries `@idempotent(key:)`: resending it with the same key cannot apply it
 * twice, so the client may retry it after a lost answer like a query.
 */
export interface GraphqlDocument {
  name: string;
  kind: 'query' | 'mutation';
  text: string;
  estimatedCost: number;
  idempotent?: boolean;
}

export function define(
  name: string,
  kind: GraphqlDocument['kind'],
  estimatedCost: number,
  text: string,
  options: { idempotent?: boolean } = {},
): GraphqlDocument {
  return { name, kind, estimatedCost, text: text.trim(), ...(options.idempotent ? { idempotent: true } : {}) };
}

export const shopMoneyFragment = `
fragment ShopMoney on MoneyBag {
  shopMoney { amount currencyCode }
}`;

/** What the hub keeps of an order transaction, wherever it reads one (orders, refunds). */
export const orderTransactionFragment = `
fragment OrderTransactionFields on OrderTransaction {
  id kind status gateway paymentId processedAt test
  amountSet { ...ShopMoney }
  parentTransaction { id }
}`;
