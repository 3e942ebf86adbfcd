/**
 * The Business Central connector: typed methods over API v2.0 for what the flows need.
 * Satisfies the orders flow's `OrdersErp` port structurally. One connector (one client,
 * one limiter) per app registration; `withLane` gives each flow its own fair share.
 */
import type { Clock } from '../../core/clock.js';
import type { CustomerDraft, ErpCustomer, ErpItem, ErpSalesOrder, SalesOrderDraft } from '../../core/domain/erp.js';
import { isConnectorError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { BcClient } from './client.js';
import { parseBcConfig, type BcConfigInput } from './config.js';
import { invalidRequest } from './errors.js';
import { buildCustomerBody, buildSalesOrderBody, mapCustomer, mapItem, mapSalesOrder, toCode } from './map.js';
import { buildQuery, eq, guid, tolower } from './odata.js';
import { collectEntities } from './paging.js';
import { maxLengths, selects, type BcCompany, type BcCustomer, type BcItem, type BcSalesOrder } from './schemas.js';
import type { FetchLike } from './transport.js';

export interface BcConnectorOptions {
  config: BcConfigInput;
  /** The Entra client secret, from the environment via src/config. */
  clientSecret: string;
  fetch?: FetchLike;
  clock?: Clock;
  logger?: Logger;
  random?: () => number;
}

export interface GetSalesOrderOptions {
  expandLines?: boolean;
}

export interface BcConnector {
  readonly client: BcClient;
  /** The same connector, its requests queued in the limiter lane `lane` (e.g. a flow name). */
  withLane(lane: string): BcConnector;
  listCompanies(): Promise<BcCompany[]>;
  /** Customers whose e-mail matches, ignoring case and surrounding spaces; 0..n. */
  findCustomersByEmail(email: string): Promise<ErpCustomer[]>;
  findItemByNumber(number: string): Promise<ErpItem | undefined>;
  /** Sales orders carrying this reference (upper-cased, as BC stores it); 0..n. */
  findSalesOrdersByExternalDocumentNumber(reference: string): Promise<ErpSalesOrder[]>;
  /** One deep insert of header and lines; the answer carries BC's lines and totals. */
  createSalesOrder(draft: SalesOrderDraft): Promise<ErpSalesOrder>;
  getSalesOrder(id: string, options?: GetSalesOrderOptions): Promise<ErpSalesOrder | undefined>;
  createCustomer(draft: CustomerDraft): Promise<ErpCustomer>;
}

export function createBcConnector(options: BcConnectorOptions): BcConnector {
  const client = new BcClient({ ...options, config: parseBcConfig(options.config) });
  return bindConnector(client, 'default');
}

const linesExpand = [{ property: 'salesOrderLines', select: selects.salesOrderLine }];

function bindConnector(client: BcClient, lane: string): BcConnector {
  const companyPath = (path: string) => client.companyPath(path, lane);

  return {
    client,
    withLane: (name) => bindConnector(client, name),

    listCompanies: () => collectEntities<BcCompany>(client, { path: `companies${buildQuery({ select: selects.company })}`, lane }),

    async findCustomersByEmail(email) {
      const normalised = email.trim().toLowerCase();
      if (normalised === '' || normalised.length > maxLengths.customer.email) return [];
      const query = buildQuery({ filter: eq(tolower('email'), normalised), select: selects.customer });
      const found = await collectEntities<BcCustomer>(client, { path: await companyPath(`customers${query}`), lane });
      return found.map(mapCustomer);
    },

    async findItemByNumber(number) {
      const code = toCode(number);
      if (code === '' || code.length > maxLengths.item.number) return undefined;
      const query = buildQuery({ filter: eq('number', code), select: selects.item });
      const found = await collectEntities<BcItem>(client, { path: await companyPath(`items${query}`), lane });
      return found[0] && mapItem(found[0]);
    },

    async findSalesOrdersByExternalDocumentNumber(reference) {
      const code = toCode(reference);
      // Longer than BC's Code[35] cannot have been stored: nothing to find.
      if (code === '' || code.length > maxLengths.salesOrder.externalDocumentNumber) return [];
      const query = buildQuery({ filter: eq('externalDocumentNumber', code), select: selects.salesOrder });
      const found = await collectEntities<BcSalesOrder>(client, { path: await companyPath(`salesOrders${query}`), lane });
      return found.map(mapSalesOrder);
    },

    async createSalesOrder(draft) {
      const body = buildSalesOrderBody(draft);
      const path = await companyPath(`salesOrders${buildQuery({ expand: linesExpand })}`);
      const response = await client.request<BcSalesOrder>({ method: 'POST', path, body, lane });
      return mapSalesOrder(response.body);
    },

    async getSalesOrder(id, { expandLines = false } = {}) {
      let key: string;
      try {
        key = guid(id).text;
      } catch {
        throw invalidRequest(`not a Business Central id: ${JSON.stringify(id)}`, [{ code: 'not_a_guid', path: 'id', message: 'ids are GUIDs' }]);
      }
      const query = buildQuery({ select: selects.salesOrder, expand: expandLines ? linesExpand : undefined });
      try {
        const response = await client.request<BcSalesOrder>({ method: 'GET', path: await companyPath(`salesOrders(${key})${query}`), lane });
        return mapSalesOrder(response.body);
      } catch (error) {
        if (isConnectorError(error) && error.code === 'not_found') return undefined;
        throw error;
      }
    },

    async createCustomer(draft) {
      const body = buildCustomerBody(draft);
      const response = await client.request<BcCustomer>({ method: 'POST', path: await companyPath('customers'), body, lane });
      return mapCustomer(response.body);
    },
  };
}

export { BcClient } from './client.js';
export { bcConfigSchema, parseBcConfig, type BcConfig, type BcConfigInput } from './config.js';
export { maxLengths as bcMaxLengths } from './schemas.js';
export type { BcCompany } from './schemas.js';
