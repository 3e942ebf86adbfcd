/**
 * The customer of a companion `salesOrders` insert (extension 1.3), as
 * LBSalesOrderBufferMgt.Codeunit.al resolves it: the given `customerNumber`; otherwise the
 * customer for `customerEmail` found or made once — the page's own earlier customer for that
 * e-mail (table "LB Customer E-Mail", keyed by the upper-cased e-mail), a customer people
 * entered with it (the lowest unblocked number), or a new one from the request's customer
 * fields. The emulator runs one request at a time, so the key row's lock never waits here.
 * ASSUMED: the e-mail match ignores case (BC online's database collation); see the README.
 */
import { prepareValues, type EntityContext } from './entities.ts';
import { dialog } from './http-error.ts';
import type { Row } from './store.ts';

export const customerEmailsTable = 'lb.customerEmails';

export interface OrderCustomer {
  customerNumber: string;
  created: boolean;
}

const usable = (customer: Row | undefined) => customer !== undefined && (customer.blocked ?? ' ') === ' ';

function customerByNumber(ctx: EntityContext, number: unknown): Row | undefined {
  return ctx.store.findBy(ctx.company, 'customers', 'number', number);
}

function remember(ctx: EntityContext, key: string, customerNumber: string): void {
  const row = ctx.store.findBy(ctx.company, customerEmailsTable, 'email', key);
  if (!row) ctx.store.insert(ctx.company, customerEmailsTable, { email: key, customerNumber });
  else if (row.customerNumber !== customerNumber) {
    row.customerNumber = customerNumber;
    ctx.store.touch(row);
  }
}

/** Customers people entered with this e-mail, by number; refuses when all of them are blocked. */
function findByEmail(ctx: EntityContext, email: string): Row | undefined {
  const lower = email.toLowerCase();
  const all = ctx.store
    .rows(ctx.company, 'customers')
    .filter((customer) => typeof customer.email === 'string' && customer.email.trim().toLowerCase() === lower)
    .sort((a, b) => String(a.number).localeCompare(String(b.number)));
  if (all.length === 0) return undefined;
  const found = all.find(usable);
  if (!found) throw dialog(`Every customer with the e-mail ${email} is blocked (${all.map((c) => String(c.number)).join(' ')}).`);
  return found;
}

/** Insert(true) with the customer series, then the request's fields (the country picks the VAT group). */
function createCustomer(ctx: EntityContext, values: Record<string, unknown>, email: string): Row {
  const fields: Record<string, unknown> = {
    displayName: values.customerName ?? '',
    type: values.customerType ?? 'Company',
    email,
    phoneNumber: values.customerPhoneNumber ?? '',
    addressLine1: values.customerAddressLine1 ?? '',
    addressLine2: values.customerAddressLine2 ?? '',
    city: values.customerCity ?? '',
    state: values.customerState ?? '',
    postalCode: values.customerPostCode ?? '',
    country: values.customerCountry ?? '',
    currencyCode: '',
    blocked: ' ',
  };
  prepareValues(ctx, 'customers', fields);
  return ctx.store.insert(ctx.company, 'customers', fields);
}

export function resolveOrderCustomer(ctx: EntityContext, values: Record<string, unknown>): OrderCustomer {
  if (typeof values.customerNumber === 'string' && values.customerNumber !== '')
    return { customerNumber: values.customerNumber, created: false };
  const email = typeof values.customerEmail === 'string' ? values.customerEmail.trim() : '';
  if (email === '') throw dialog('Give "customerNumber" or "customerEmail" for the sales order.');
  const key = email.toUpperCase();
  const known = ctx.store.findBy(ctx.company, customerEmailsTable, 'email', key);
  const knownCustomer = known && customerByNumber(ctx, known.customerNumber);
  if (usable(knownCustomer)) return { customerNumber: String(knownCustomer!.number), created: false };
  const entered = findByEmail(ctx, email);
  if (entered) {
    remember(ctx, key, String(entered.number));
    return { customerNumber: String(entered.number), created: false };
  }
  // The key row is there but its customer is gone or blocked: the page's insert of the key fails
  // and it takes the row's customer, which the order's customer validation then refuses.
  if (known) return { customerNumber: String(known.customerNumber), created: false };
  const created = createCustomer(ctx, values, email);
  remember(ctx, key, String(created.number));
  return { customerNumber: String(created.number), created: true };
}
