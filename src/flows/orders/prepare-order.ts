/**
 * Everything decided before the create: items, the ready-to-fulfil contract, locations,
 * the customer, accounts, lines and money. The result is a complete sales order draft, or
 * the list of problems (each an exception for its owner) — never half of one.
 */
import { documentCurrency } from '../shared/currency.ts';
import type { ChannelOrder } from '../../core/domain/channel-order.ts';
import type { SalesOrderDraft } from '../../core/domain/erp.ts';
import type { Issue } from '../../core/issues.ts';
import { dec } from '../../core/money.ts';
import type { ExceptionInput } from '../../ledger/exceptions.ts';
import { resolveCustomer } from './customer.ts';
import type { OrdersFlowDeps } from './deps.ts';
import { ordersException, type OrdersExceptionCode } from './exceptions.ts';
import { resolveItems } from './items.ts';
import { checkDiscounts } from './discounts.ts';
import { planSalesOrderLines, type PlannedLine, type ResolvedItem } from './lines.ts';
import { idOfCode, locationCodesByLine, shipmentMethodCodeFor } from './mappings.ts';
import { giftCardRedemptions } from './payments.ts';
import { checkReadyToFulfil, isIossOrder } from './ready-to-fulfil.ts';
import { bcLocations, bcShipmentMethods, shopLocations } from './reference-data.ts';
import { activeLines, validateOrderItems } from './validate.ts';

export interface PreparedOrder {
  draft: Omit<SalesOrderDraft, 'externalDocumentNumber'>;
  planned: PlannedLine[];
  customerHow: string;
}

export type Preparation = { ok: true; prepared: PreparedOrder } | { ok: false; problems: ExceptionInput[] };

export async function prepareOrder(
  deps: OrdersFlowDeps,
  order: ChannelOrder,
  recordId: number,
  extraIssues: Issue[] = [],
): Promise<Preparation> {
  const { config } = deps;
  const { problems, resolved, locationIds, giftCardDiscount, shipmentMethodId } = await assess(deps, order, extraIssues);
  // The customer comes last: creating one for an order that cannot be posted helps no one.
  if (problems.length > 0) return { ok: false, problems };
  const customer = await resolveCustomer(deps, order, recordId);
  if ('problem' in customer) return { ok: false, problems: [customer.problem] };

  const { customs } = config.readyToFulfil;
  const collectedVat =
    customs.iossVatAccountNumber && customs.iossNumber && isIossOrder(order, config.readyToFulfil)
      ? {
          accountNumber: customs.iossVatAccountNumber,
          ...(customs.iossVatTaxCode ? { taxCode: customs.iossVatTaxCode } : {}),
          description: `EU VAT collected under IOSS (${order.shippingAddress?.countryCode ?? ''})`,
        }
      : undefined;
  // Lines net of collected EU VAT are priced without VAT; otherwise as the shop or the customer type says.
  const pricesIncludeTax = collectedVat
    ? false
    : config.pricesIncludeTax === 'customer-type' && customer.customerType === 'Company'
      ? false
      : order.taxesIncluded;
  const planned = planSalesOrderLines(order, {
    mappings: config,
    pricesIncludeTax,
    items: resolved,
    locationIdFor: (lineItemId) => locationIds.get(lineItemId),
    giftCardDiscount,
    ...(collectedVat ? { collectedVat } : {}),
  });
  const payment = config.giftCards.policy === 'payment' ? giftCardPaymentLine(deps, order) : undefined;
  return {
    ok: true,
    prepared: {
      customerHow: customer.how,
      planned: payment ? [...planned, payment] : planned,
      draft: {
        customerNumber: customer.customerNumber,
        ...(customer.draft ? { customerByEmail: customer.draft } : {}),
        orderDate: (order.processedAt ?? order.createdAt).slice(0, 10),
        ...documentCurrency(deps.localCurrency, order.currency),
        pricesIncludeTax,
        ...contactOf(order),
        ...(shipmentMethodId ? { shipmentMethodId } : {}),
        lines: [...planned, ...(payment ? [payment] : [])].map((line) => line.draft),
      },
    },
  };
}

/** What keeps the order from being posted, short of the customer (resolving one may create it in BC). */
export async function findOrderProblems(deps: OrdersFlowDeps, order: ChannelOrder, extraIssues: Issue[] = []): Promise<ExceptionInput[]> {
  return (await assess(deps, order, extraIssues)).problems;
}

/** Every check before the customer: items, the ready-to-fulfil contract, mappings, accounts, discounts. */
async function assess(deps: OrdersFlowDeps, order: ChannelOrder, extraIssues: Issue[]) {
  const { config } = deps;
  const issues: Issue[] = [...extraIssues];
  const items = await resolveItems(deps, order);
  issues.push(...validateOrderItems(order, items));

  const shipmentMethodCode = shipmentMethodCodeFor(order, config.shippingMethods);
  issues.push(...checkReadyToFulfil(order, { config: config.readyToFulfil, shipmentMethodCode }));
  const shipmentMethodId = shipmentMethodCode ? idOfCode(await bcShipmentMethods(deps.erp, deps.clock), shipmentMethodCode) : undefined;
  if (shipmentMethodCode && !shipmentMethodId)
    issues.push({
      code: 'shipping_method_unmapped',
      path: 'flows.orders.shippingMethods',
      message: `Business Central has no shipment method ${shipmentMethodCode}`,
    });

  const locationIds = await resolveLocations(deps, order, issues);
  issues.push(...checkAccounts(deps, order));
  const resolved = new Map<string, ResolvedItem>(
    [...items].filter((entry): entry is [string, ResolvedItem & { blocked: boolean }] => entry[1] !== undefined),
  );
  const giftCardDiscount = config.giftCards.policy === 'line-discount' ? giftCardRedemptions(order) : dec(0);
  if (issues.length === 0) {
    // Discounts do not depend on how BC prices the order: check them on the shop's own pricing.
    const preview = planSalesOrderLines(order, {
      mappings: config,
      pricesIncludeTax: order.taxesIncluded,
      items: resolved,
      locationIdFor: (lineItemId) => locationIds.get(lineItemId),
      giftCardDiscount,
    });
    issues.push(...checkDiscounts(order, preview, giftCardDiscount));
  }

  return { problems: exceptionsFromIssues(order, issues), resolved, locationIds, giftCardDiscount, shipmentMethodId };
}

async function resolveLocations(deps: OrdersFlowDeps, order: ChannelOrder, issues: Issue[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  if (Object.keys(deps.config.locations).length === 0) return ids; // location mapping not in use
  const names = new Map((await shopLocations(deps.channel, deps.clock))?.map((location) => [location.id, location.name]) ?? []);
  const codes = locationCodesByLine(order, deps.config.locations, names);
  const bc = await bcLocations(deps.erp, deps.clock);
  const reported = new Set<string>();
  for (const { line, index } of activeLines(order)) {
    if (!line.requiresShipping) continue;
    const assigned = codes.get(line.id);
    const code = assigned?.code;
    const id = code ? idOfCode(bc, code) : undefined;
    if (id) {
      ids.set(line.id, id);
      continue;
    }
    const where = assigned?.shopifyLocation ?? '(no fulfilment location)';
    if (reported.has(where)) continue;
    reported.add(where);
    issues.push({
      code: 'location_unmapped',
      path: `lines[${index + 1}].location`,
      message: code
        ? `Business Central has no location ${code} (mapped from Shopify location ${where})`
        : `Shopify location ${where} is not mapped to a Business Central location`,
    });
  }
  return ids;
}

function checkAccounts(deps: OrdersFlowDeps, order: ChannelOrder): Issue[] {
  const { shipping, giftCards, tips } = deps.config;
  const issues: Issue[] = [];
  if (dec(order.totals.tip ?? '0').greaterThan(0) && !tips.accountNumber) {
    issues.push({
      code: 'account_not_configured',
      path: 'flows.orders.tips.accountNumber',
      message: `the order has a tip of ${order.totals.tip} but no tips G/L account is configured`,
    });
  }
  const paidShipping = order.shippingLines.some((line) => !dec(line.discountedPrice).isZero());
  if (paidShipping && !shipping.accountNumber) {
    issues.push({
      code: 'account_not_configured',
      path: 'flows.orders.shipping.accountNumber',
      message: 'the order has paid shipping but no shipping G/L account is configured',
    });
  }
  const giftCardMoney =
    activeLines(order).some(({ line }) => line.isGiftCard) || (giftCards.policy === 'payment' && !giftCardRedemptions(order).isZero());
  if (giftCardMoney && !giftCards.liabilityAccountNumber) {
    issues.push({
      code: 'account_not_configured',
      path: 'flows.orders.giftCards.liabilityAccountNumber',
      message: 'the order sells or is paid with gift cards but no gift-card liability account is configured',
    });
  }
  return issues;
}

/** Payment policy: each redemption is a line on the liability account, leaving the VAT base at full price. */
function giftCardPaymentLine(deps: OrdersFlowDeps, order: ChannelOrder): PlannedLine | undefined {
  const redeemed = giftCardRedemptions(order);
  if (redeemed.isZero()) return undefined;
  const { liabilityAccountNumber, taxCode } = deps.config.giftCards;
  return {
    source: 'gift-card-payment',
    expectedGross: redeemed.negated(),
    expectedTax: dec(0),
    draft: {
      lineType: 'Account',
      lineObjectNumber: liabilityAccountNumber!,
      description: 'Paid by gift card',
      // One unit at a negative price: every line of the order then ships and invoices with
      // positive quantities, so shipping and invoicing it in parts treat this line like the rest.
      quantity: '1',
      unitPrice: redeemed.negated().toFixed(2),
      ...(taxCode ? { taxCode } : {}),
    },
  };
}

function contactOf(order: ChannelOrder): Pick<SalesOrderDraft, 'email' | 'phoneNumber' | 'shipTo'> {
  const email = (order.email ?? order.customer?.email)?.trim();
  const phone = order.phone ?? order.shippingAddress?.phone ?? order.customer?.phone ?? undefined;
  const address = order.shippingAddress;
  const name = address?.company ? [address.name, address.company].filter(Boolean).join(', ') : address?.name;
  return {
    ...(email ? { email: email.slice(0, 80) } : {}),
    ...(phone ? { phoneNumber: phone.slice(0, 30) } : {}),
    ...(address
      ? {
          shipTo: {
            ...(name ? { name: name.slice(0, 100) } : {}),
            ...(address.address1 ? { addressLine1: address.address1.slice(0, 100) } : {}),
            ...(address.address2 ? { addressLine2: address.address2.slice(0, 50) } : {}),
            ...(address.city ? { city: address.city.slice(0, 30) } : {}),
            ...((address.provinceCode ?? address.province) ? { state: (address.provinceCode ?? address.province)!.slice(0, 30) } : {}),
            ...(address.zip ? { postCode: address.zip.slice(0, 20) } : {}),
            ...(address.countryCode ? { country: address.countryCode } : {}),
          },
        }
      : {}),
  };
}

export function exceptionsFromIssues(order: ChannelOrder, issues: Issue[]): ExceptionInput[] {
  const byCode = new Map<OrdersExceptionCode, Issue[]>();
  for (const issue of issues) {
    const code = issue.code as OrdersExceptionCode;
    byCode.set(code, [...(byCode.get(code) ?? []), issue]);
  }
  return [...byCode.entries()].map(([code, grouped]) =>
    ordersException(code, `Order ${order.name} cannot be posted: ${grouped.map((issue) => issue.message).join('; ')}.`, {
      order: { id: order.id, name: order.name },
      issues: grouped,
    }),
  );
}
