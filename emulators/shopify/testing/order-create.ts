/**
 * The `orderCreate` document tests and scripts use to place orders through the emulator's
 * real API (the hub itself never creates orders in Shopify).
 */
export const orderCreateDocument = `
mutation PlaceOrder($order: OrderCreateOrderInput!, $options: OrderCreateOptionsInput) {
  orderCreate(order: $order, options: $options) {
    order { id legacyResourceId name updatedAt totalPriceSet { shopMoney { amount currencyCode } } }
    userErrors { field message code }
  }
}`.trim();

export const variantBySkuDocument = `
query VariantBySku($query: String!) {
  productVariants(first: 1, query: $query) {
    nodes { id sku price inventoryItem { id } }
  }
}`.trim();

export const stockDocument = `
query Stock($location: ID!, $item: ID!) {
  location(id: $location) {
    inventoryLevel(inventoryItemId: $item) { quantities(names: ["available", "committed"]) { name quantity } }
  }
}`.trim();

/** Tests read answers loosely and assert their shape with expect. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

export interface GraphqlCall {
  (
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<{ status: number; body: { data?: Loose; errors?: Loose; extensions?: Loose } }>;
}

/** A GraphQL caller over any fetch-like function: the app in-process or a URL. */
export function graphqlCaller(
  fetchLike: (path: string, init: RequestInit) => Promise<Response> | Response,
  path: string,
  token: string,
): GraphqlCall {
  return async (query, variables = {}) => {
    const response = await fetchLike(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-shopify-access-token': token },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, body: (await response.json()) as never };
  };
}
