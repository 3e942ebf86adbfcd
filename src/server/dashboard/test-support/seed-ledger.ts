/**
 * A small, realistic ledger for dashboard tests: a posted order with its trail into Business
 * Central, and held orders with exceptions for E-commerce, Operations and Finance, one of
 * them carrying customer text that would run as script if it were not escaped.
 */
import { addLink, raiseException, receiveRecord, transitionRecord } from '../../../ledger/index.ts';
import type { LedgerRecord } from '../../../ledger/types.ts';
import type { Executor } from '../../../store/open-store.ts';

export const hostileCustomer = `<img src=x onerror="document.title='pwned'">Bobby <b>Tables</b>`;

export interface SeededLedger {
  posted: LedgerRecord;
  unknownSku: { record: LedgerRecord; exceptionId: number };
  missingEori: { record: LedgerRecord; exceptionId: number };
  shipping: { record: LedgerRecord; exceptionId: number };
  taxMismatch: { record: LedgerRecord; exceptionId: number };
}

async function receiveOrder(db: Executor, number: number): Promise<LedgerRecord> {
  const sourceId = `gid://shopify/Order/${5_000_000 + number}`;
  const { record } = await receiveRecord(db, {
    flow: 'orders',
    sourceSystem: 'shopify',
    sourceId,
    sourceRef: `#${number}`,
    payload: { name: `#${number}` },
    actor: 'webhook',
  });
  await addLink(db, record.linkGroup, { system: 'shopify', kind: 'order', externalId: sourceId, label: `#${number}` });
  return record;
}

async function holdOrder(db: Executor, number: number, exception: Omit<Parameters<typeof raiseException>[1], 'recordId' | 'flow'>) {
  const record = await receiveOrder(db, number);
  await transitionRecord(db, record.id, { to: 'exception', actor: 'hub', countAttempt: true });
  const raised = await raiseException(db, { ...exception, recordId: record.id, flow: 'orders' });
  return { record, exceptionId: raised.id };
}

export async function seedLedger(db: Executor): Promise<SeededLedger> {
  const posted = await receiveOrder(db, 1041);
  await addLink(db, posted.linkGroup, { system: 'shopify', kind: 'payment', externalId: 'pay_1041_abc', label: 'shopify_payments' });
  await transitionRecord(db, posted.id, { to: 'validated', actor: 'hub' });
  await transitionRecord(db, posted.id, { to: 'posting', actor: 'hub', externalRef: 'LB-1041', countAttempt: true });
  await transitionRecord(db, posted.id, { to: 'posted', actor: 'hub', targetIds: { salesOrder: 'SO-101041' } });
  await addLink(db, posted.linkGroup, {
    system: 'bc',
    kind: 'salesOrder',
    externalId: 'a1b2c3d4-0000-4000-8000-000000001041',
    label: 'SO-101041',
  });

  const unknownSku = await holdOrder(db, 1042, {
    code: 'unknown_sku',
    category: 'master_data',
    severity: 'error',
    owner: 'ecommerce',
    message: 'Order #1042 cannot be posted: line 1 (Organic tee, M) has SKU TEE-ORG-XM, which Business Central does not know.',
    action: 'Create item TEE-ORG-XM in Business Central, or correct the SKU in Shopify. The order posts by itself once the item exists.',
    evidence: { sku: 'TEE-ORG-XM', line: 1 },
    autoRetry: true,
  });
  const missingEori = await holdOrder(db, 1043, {
    code: 'missing_eori',
    category: 'validation',
    severity: 'error',
    owner: 'ecommerce',
    message: `Order #1043 for ${hostileCustomer} ships to Norway as a business order without the buyer's EORI number.`,
    action: 'Ask the buyer for their EORI number, then retry with the correction attributes.eori=…',
    evidence: { customer: hostileCustomer, country: 'NO' },
  });
  const shipping = await holdOrder(db, 1044, {
    code: 'shipping_method_unmapped',
    category: 'mapping',
    severity: 'error',
    owner: 'operations',
    message: 'Order #1044 uses the shipping method "DPD Next Day Saturday", which maps to no Business Central shipment method.',
    action: 'Add the shipping method to flows.orders.shippingMethods in the configuration, then retry.',
  });
  const taxMismatch = await holdOrder(db, 1045, {
    code: 'tax_mismatch',
    category: 'validation',
    severity: 'warning',
    owner: 'finance',
    message: 'Order #1045: Business Central computes VAT of £20.01, Shopify charged £20.00 (difference £0.01, above the £0.00 tolerance).',
    action: 'Check the VAT set-up of the items; resolve with a note once the difference is explained.',
  });
  return { posted, unknownSku, missingEori, shipping, taxMismatch };
}
