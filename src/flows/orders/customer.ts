/**
 * Which BC customer an order is for. BC is the master: match by normalised e-mail; create
 * a customer only when none matches (and flag it for review); follow the guest rule when
 * there is no e-mail. Creation is exactly once per e-mail even when fifty orders from one
 * new customer arrive together: a ledger record per e-mail is claimed with a
 * compare-and-set, and orders that lose the claim wait for the winner.
 *
 * With companion extension 1.3 all of that happens inside BC: the order's create carries the
 * e-mail and a customer draft, BC matches or creates under a lock in the same request, and
 * the hub only records a created customer for review afterwards (`noteCustomerOfOrder`).
 */
import { ConnectorError, isConnectorError } from '../../core/errors.ts';
import type { ChannelOrder } from '../../core/domain/channel-order.ts';
import type { CustomerDraft, ErpCustomer, ErpSalesOrder } from '../../core/domain/erp.ts';
import {
  raiseException,
  receiveRecord,
  RecordMovedError,
  transitionRecord,
  type ExceptionInput,
  type LedgerRecord,
} from '../../ledger/index.ts';
import type { OrdersFlowDeps } from './deps.ts';
import { ordersException } from './exceptions.ts';
import { isBusinessOrder } from './ready-to-fulfil.ts';

const ACTOR = 'orders-flow';
/** A claim older than this belonged to a run that died; another may take it over. */
const STALE_CLAIM_MS = 2 * 60_000;

export interface CustomerMatch {
  /** Blank when `how` is `in-order`: BC resolves it in the create. */
  customerNumber: string;
  customerType: string;
  how: 'matched' | 'created' | 'guest' | 'in-order';
  /** `in-order`: the e-mail to match and the customer to create if none has it. */
  draft?: CustomerDraft & { email: string };
}

export type CustomerResolution = CustomerMatch | { problem: ExceptionInput };

export function normaliseEmail(email: string | null | undefined): string | undefined {
  const trimmed = email?.trim().toLowerCase();
  return trimmed ? trimmed : undefined;
}

function usable(customer: ErpCustomer): boolean {
  return !customer.blocked || customer.blocked.trim() === '';
}

/** `claimant` names the order record asking, so its own interrupted attempt can be resumed at once. */
export async function resolveCustomer(deps: OrdersFlowDeps, order: ChannelOrder, claimant: number): Promise<CustomerResolution> {
  const { customers } = deps.config;
  const email = normaliseEmail(order.email ?? order.customer?.email);
  if (!email) {
    if (customers.guests.rule === 'default-customer')
      return { customerNumber: customers.guests.customerNumber, customerType: 'Person', how: 'guest' };
    return {
      problem: ordersException(
        'guest_without_email',
        `Order ${order.name} has no e-mail address, and guest orders are set to need a person's decision.`,
        { order: order.name },
      ),
    };
  }
  if (await canResolveInOrder(deps)) {
    const draft = { ...customerDraft(deps, order, email), email };
    return { customerNumber: '', customerType: draft.type ?? 'Person', how: 'in-order', draft };
  }
  const matched = await findMatch(deps, email);
  if (matched) return matched;
  const all = await deps.erp.findCustomersByEmail(email);
  if (all.length > 0) {
    return {
      problem: ordersException(
        'customer_blocked',
        `Order ${order.name}: every Business Central customer with the e-mail ${email} is blocked (${all.map((customer) => customer.number).join(', ')}).`,
        { email, customers: all },
      ),
    };
  }
  if (!customers.createMissing) {
    return {
      problem: ordersException(
        'no_customer',
        `Order ${order.name}: no Business Central customer has the e-mail ${email}, and creating customers is switched off.`,
        { email },
      ),
    };
  }
  return createOnce(deps, order, email, `order-record:${claimant}`);
}

/**
 * BC can resolve the customer in the create when the companion can, the flow would create a
 * missing customer anyway, the draft needs nothing the page does not take (the template's ids),
 * and the prices do not depend on the matched customer's type (known only after the create).
 */
async function canResolveInOrder(deps: OrdersFlowDeps): Promise<boolean> {
  const { customers, pricesIncludeTax } = deps.config;
  const templateIds = Object.entries(customers.template).some(([key, value]) => key !== 'type' && value !== undefined);
  if (!deps.erp.createSalesOrderResolvingCustomer || !customers.createMissing || templateIds || pricesIncludeTax !== 'channel')
    return false;
  return deps.erp.resolvesCustomersInOrders ? deps.erp.resolvesCustomersInOrders() : true;
}

/** After an `in-order` create: a customer BC made for the order is recorded and flagged for review, as one the hub made. */
export async function noteCustomerOfOrder(
  deps: OrdersFlowDeps,
  order: ChannelOrder,
  created: ErpSalesOrder,
  draft: CustomerDraft & { email: string },
): Promise<void> {
  if (!created.customerCreated) return;
  const { email } = draft;
  const { record } = await receiveRecord(deps.db, {
    flow: 'customers',
    sourceSystem: 'email',
    sourceId: email,
    sourceRef: email,
    actor: ACTOR,
  });
  if (record.state !== 'posted') {
    const posting =
      record.state === 'posting'
        ? record
        : await transitionRecord(deps.db, record.id, { to: 'posting', actor: ACTOR, reason: 'created_in_order' });
    await recordCustomer(deps, posting, created.customerNumber, draft.type ?? 'Person', 'customer_created');
  }
  await raiseException(
    deps.db,
    {
      ...ordersException(
        'customer_created',
        `New Business Central customer ${created.customerNumber} (${email}) was created with sales order ${created.number} for order ${order.name}. Check its posting groups, payment terms and address.`,
        { email, customer: created.customerNumber, order: order.name },
      ),
      recordId: record.id,
      flow: 'customers',
    },
    ACTOR,
  );
}

async function findMatch(deps: OrdersFlowDeps, email: string): Promise<CustomerMatch | undefined> {
  const found = (await deps.erp.findCustomersByEmail(email)).filter(usable).sort((a, b) => a.number.localeCompare(b.number));
  const customer = found[0];
  return customer ? { customerNumber: customer.number, customerType: customer.type ?? 'Person', how: 'matched' } : undefined;
}

function busy(email: string): ConnectorError {
  return new ConnectorError({
    system: 'hub',
    code: 'conflict',
    retryable: true,
    retryAfterMs: 2_000,
    message: `the customer for ${email} is being created by another order; trying again shortly`,
  });
}

async function createOnce(deps: OrdersFlowDeps, order: ChannelOrder, email: string, claimant: string): Promise<CustomerResolution> {
  const { record } = await receiveRecord(deps.db, {
    flow: 'customers',
    sourceSystem: 'email',
    sourceId: email,
    sourceRef: email,
    actor: ACTOR,
  });
  if (record.state === 'posted') {
    return {
      customerNumber: record.targetIds['bc.customer.number']!,
      customerType: record.targetIds['bc.customer.type'] ?? 'Person',
      how: 'matched',
    };
  }
  const claimed = await claim(deps, record, claimant);
  if (!claimed) throw busy(email);
  // The claim may follow a run that died after creating: BC is asked again before creating.
  const again = await findMatch(deps, email);
  if (again) {
    await recordCustomer(deps, claimed, again.customerNumber, again.customerType, 'customer_adopted');
    return again;
  }
  let created: ErpCustomer;
  try {
    created = await deps.erp.createCustomer(customerDraft(deps, order, email));
  } catch (error) {
    const adopted = isConnectorError(error) && error.outcomeUnknown ? await findMatch(deps, email) : undefined;
    if (!adopted) throw error;
    await recordCustomer(deps, claimed, adopted.customerNumber, adopted.customerType, 'customer_adopted');
    return adopted;
  }
  await recordCustomer(deps, claimed, created.number, created.type ?? 'Person', 'customer_created');
  await raiseException(
    deps.db,
    {
      ...ordersException(
        'customer_created',
        `New Business Central customer ${created.number} (${created.displayName}, ${email}) was created for order ${order.name}. Check its posting groups, payment terms and address.`,
        { email, customer: created, order: order.name },
      ),
      recordId: claimed.id,
      flow: 'customers',
    },
    ACTOR,
  );
  return { customerNumber: created.number, customerType: created.type ?? 'Person', how: 'created' };
}

/**
 * Takes the creation for this order, or returns undefined while another order holds it. An
 * order may always resume its own earlier claim (its run crashed or timed out); another
 * order's claim is taken over only once it is stale.
 */
async function claim(deps: OrdersFlowDeps, record: LedgerRecord, claimant: string): Promise<LedgerRecord | undefined> {
  const ownClaim = record.externalRef === claimant;
  if (record.state === 'posting' && !ownClaim && deps.clock.now() - record.updatedAt.getTime() < STALE_CLAIM_MS) return undefined;
  try {
    return await transitionRecord(deps.db, record.id, {
      to: 'posting',
      actor: ACTOR,
      reason: 'creating_customer',
      externalRef: claimant,
      expectedVersion: record.version,
      countAttempt: true,
    });
  } catch (error) {
    if (error instanceof RecordMovedError) return undefined;
    throw error;
  }
}

async function recordCustomer(deps: OrdersFlowDeps, record: LedgerRecord, number: string, type: string, reason: string) {
  await transitionRecord(deps.db, record.id, {
    to: 'posted',
    actor: ACTOR,
    reason,
    targetIds: { 'bc.customer.number': number, 'bc.customer.type': type },
  });
}

function customerDraft(deps: OrdersFlowDeps, order: ChannelOrder, email: string): CustomerDraft {
  const { template } = deps.config.customers;
  const address = order.billingAddress ?? order.shippingAddress;
  const person = [order.customer?.firstName, order.customer?.lastName].filter(Boolean).join(' ');
  const business = isBusinessOrder(order);
  const displayName = ((business ? address?.company : undefined) ?? (person || address?.name) ?? email).slice(0, 100);
  const draft: CustomerDraft = { displayName, type: business ? 'Company' : template.type, email };
  const phone = order.phone ?? address?.phone ?? order.customer?.phone;
  if (phone) draft.phoneNumber = phone.slice(0, 30);
  if (address?.address1) draft.addressLine1 = address.address1.slice(0, 100);
  if (address?.address2) draft.addressLine2 = address.address2.slice(0, 50);
  if (address?.city) draft.city = address.city.slice(0, 30);
  if (address?.provinceCode) draft.state = address.provinceCode.slice(0, 30);
  if (address?.zip) draft.postalCode = address.zip.slice(0, 20);
  if (address?.countryCode) draft.country = address.countryCode;
  for (const key of ['currencyCode', 'paymentTermsId', 'paymentMethodId', 'shipmentMethodId', 'taxAreaId', 'taxLiable'] as const) {
    if (template[key] !== undefined) (draft as unknown as Record<string, unknown>)[key] = template[key];
  }
  return draft;
}
