/**
 * Every Mintsoft call the adapter makes, as data. `safety` is what the HTTP layer reads to
 * decide whether a failed request may be sent again — never the HTTP method, because
 * Mintsoft changes state with GET (`…/Cancel`, `…/MarkDespatched`, ASN booking steps):
 *  - `safe`: reads; repeat freely;
 *  - `idempotent`: writes that end in the same state however often they run; repeat;
 *  - `unsafe`: creates and commands; a request in doubt (timeout, 5xx, dropped connection)
 *    is never repeated by the client: the caller reads the outcome first.
 */
export type Safety = 'safe' | 'idempotent' | 'unsafe';
export type MintsoftMethod = 'GET' | 'PUT' | 'POST' | 'DELETE';

export interface Endpoint {
  name: string;
  method: MintsoftMethod;
  /** With `{id}` placeholders. */
  path: string;
  safety: Safety;
}

const define = <T extends Record<string, Omit<Endpoint, 'name'>>>(table: T): { [K in keyof T]: Endpoint } =>
  Object.fromEntries(Object.entries(table).map(([name, endpoint]) => [name, { name, ...endpoint }])) as { [K in keyof T]: Endpoint };

export const endpoints = define({
  warehouses: { method: 'GET', path: '/api/Warehouse', safety: 'safe' },
  orderStatuses: { method: 'GET', path: '/api/Order/Statuses', safety: 'safe' },
  createOrder: { method: 'PUT', path: '/api/Order', safety: 'unsafe' },
  getOrder: { method: 'GET', path: '/api/Order/{id}', safety: 'safe' },
  updateOrder: { method: 'POST', path: '/api/Order/{id}', safety: 'idempotent' },
  searchOrders: { method: 'GET', path: '/api/Order/Search', safety: 'safe' },
  listOrders: { method: 'GET', path: '/api/Order/List', safety: 'safe' },
  orderItems: { method: 'GET', path: '/api/Order/{id}/Items', safety: 'safe' },
  orderSplits: { method: 'GET', path: '/api/Order/{id}/Splits', safety: 'safe' },
  /** A GET that cancels: a command, whatever its verb. */
  cancelOrder: { method: 'GET', path: '/api/Order/{id}/Cancel', safety: 'unsafe' },
  /** Registering the same callback URLs again changes nothing the hub relies on. */
  registerOrderCallbacks: { method: 'PUT', path: '/api/Order/{id}/ConnectActions', safety: 'idempotent' },
  lookupProductId: { method: 'GET', path: '/api/Product/LookupProductId', safety: 'safe' },
  getProduct: { method: 'GET', path: '/api/Product/{id}', safety: 'safe' },
  createProduct: { method: 'PUT', path: '/api/Product', safety: 'unsafe' },
  updateProduct: { method: 'POST', path: '/api/Product', safety: 'idempotent' },
  stockLevels: { method: 'GET', path: '/api/Product/StockLevels', safety: 'safe' },
  stockLevelsUpdatedSince: { method: 'GET', path: '/api/Product/StockLevels/UpdatedSince', safety: 'safe' },
  stockFlow: { method: 'GET', path: '/api/Product/{id}/StockFlow/Filtered', safety: 'safe' },
  createAsn: { method: 'PUT', path: '/api/ASN', safety: 'unsafe' },
  getAsn: { method: 'GET', path: '/api/ASN/{id}', safety: 'safe' },
  listAsns: { method: 'GET', path: '/api/ASN/List', safety: 'safe' },
  registerAsnCallbacks: { method: 'PUT', path: '/api/ASN/{id}/ConnectActions', safety: 'idempotent' },
  returnsByDate: { method: 'GET', path: '/api/Return/SearchByDate', safety: 'safe' },
  getReturn: { method: 'GET', path: '/api/Return/{id}', safety: 'safe' },
  returnItems: { method: 'GET', path: '/api/Return/{id}/Items', safety: 'safe' },
  returnReasons: { method: 'GET', path: '/api/Return/Reasons', safety: 'safe' },
  countries: { method: 'GET', path: '/api/RefData/Countries', safety: 'safe' },
});

export type EndpointName = keyof typeof endpoints;

/** `/api/Order/{id}/Cancel` with `{ id: 7 }` → `/api/Order/7/Cancel`. */
export function resolvePath(endpoint: Endpoint, params: Record<string, string | number> = {}): string {
  return endpoint.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new TypeError(`${endpoint.name}: missing path parameter ${name}`);
    return encodeURIComponent(String(value));
  });
}
