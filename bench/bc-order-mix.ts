/**
 * The orders the BC benchmark sends, and the ERP calls the orders flow makes for each one.
 * Orders draw 1–3 lines from the sandbox catalogue; 60 % come from the five known customers,
 * 40 % from first-time guests (an e-mail BC has never seen, posted to the web customer).
 * `flowErpCalls` mirrors src/flows/orders: resolveItems (one lookup per distinct SKU),
 * resolveCustomer (one e-mail lookup, a second when nothing usable matched), reference data
 * (locations and shipment methods, cached; their ids go on the draft as prepareOrder puts
 * them), the one create, then recordPosted's integration-field write when the companion is in
 * use and the create did not write them itself. It calls the connector's public methods only,
 * so it measures the connector as the flow uses it.
 */
import type { SalesOrderDraft } from '../src/core/domain/erp.ts';
import type { BcConnector } from '../src/connectors/bc/index.ts';
import { sandboxCatalogue, sandboxCustomers, sandboxWebCustomerNumber } from '../emulators/sandbox/catalogue.ts';

export interface BenchOrder {
  email: string;
  skus: string[];
  draft: SalesOrderDraft;
  shopifyOrderId: string;
}

const sellable = sandboxCatalogue.filter((item) => !item.sku.startsWith('GIFT-CARD'));

/** Deterministic order `n`: the same run gives the same orders. */
export function benchOrder(n: number): BenchOrder {
  const known = n % 5 < 3;
  const customer = sandboxCustomers[n % sandboxCustomers.length]!;
  const email = known ? customer.email : `guest.${n}@example.net`;
  const lines = 1 + (n % 3);
  const picked = Array.from({ length: lines }, (_, i) => sellable[(n * 7 + i * 3) % sellable.length]!);
  return {
    email,
    skus: picked.map((item) => item.sku),
    shopifyOrderId: `gid://shopify/Order/${5_000_000_000_000 + n}`,
    draft: {
      externalDocumentNumber: `SHOP-${100_000 + n}`,
      customerNumber: known ? customer.number : sandboxWebCustomerNumber,
      orderDate: '2026-11-23',
      pricesIncludeTax: true,
      email,
      shipTo: { name: 'Bench Customer', addressLine1: '1 High St', city: 'Leeds', postCode: 'LS1 1AA', country: 'GB' },
      lines: [
        ...picked.map((item) => ({
          lineType: 'Item' as const,
          lineObjectNumber: item.sku,
          quantity: String(1 + (n % 2)),
          unitPrice: item.price,
        })),
        { lineType: 'Account' as const, lineObjectNumber: '40250', description: 'Shipping', quantity: '1', unitPrice: '3.99' },
      ],
    },
  };
}

/**
 * How the companion's integration fields are written: `none` (no extension), `with-create`
 * (the flow today: in the draft, written by the create when the extension can, else after it),
 * `after-create` (extension 1.0: the standard create, then a second request).
 */
export type IntegrationFields = 'none' | 'with-create' | 'after-create';

export async function flowErpCalls(bc: BcConnector, order: BenchOrder, options: { integrationFields: IntegrationFields }): Promise<void> {
  for (const sku of new Set(order.skus)) await bc.findItemByNumber(sku);
  const matches = await bc.findCustomersByEmail(order.email);
  if (!matches.some((customer) => !customer.blocked)) await bc.findCustomersByEmail(order.email);
  const location = (await bc.listLocations()).find((l) => l.code === 'SCEND');
  const method = (await bc.listShipmentMethods()).find((m) => m.code === 'STANDARD');
  const fields = { shopifyOrderId: order.shopifyOrderId, paymentTransactionId: `pi_${order.draft.externalDocumentNumber}` };
  const draft: SalesOrderDraft = {
    ...order.draft,
    ...(method ? { shipmentMethodId: method.id } : {}),
    lines: order.draft.lines.map((line) => (line.lineType === 'Item' && location ? { ...line, locationId: location.id } : line)),
    ...(options.integrationFields === 'with-create' ? { integration: fields } : {}),
  };
  const created = await bc.createSalesOrder(draft);
  if (options.integrationFields !== 'none' && !created.integrationWritten) await bc.setSalesOrderIntegrationFields(created.id, fields);
}
