/**
 * Cash receipt journals, as BC's Cash Receipts template holds them, seen two ways: the
 * standard `customerPaymentJournals` / `customerPayments` (Document Type Payment, Account
 * Type Customer, Applies-to Doc. Type Invoice, the batch's balancing account: what page 30061
 * writes) and the companion `cashReceiptJournals` / `cashReceiptLines` (any document and
 * applies-to type, a balancing account per line), over the same batches and lines. Posting a
 * batch (companion action; the standard API has none) checks each line as Gen. Jnl.-Check
 * Line does (a document number, an amount, the sign its document type needs), applies each
 * payment or refund to its open Applies-to document of the same customer (invoice, credit
 * memo or payment; the smaller of the two amounts, the rest stays open) and writes G/L
 * entries on the balancing and G/L accounts.
 */
import { dec, Decimal } from '../shared/money.ts';
import { upperCodes, type EntityContext } from './entities.ts';
import { BcHttpError, dialog, recordMissing } from './http-error.ts';
import type { Row } from './store.ts';

export const cashReceiptLinesTable = 'lb.cashReceiptLines';
/** Posted payments and refunds as customer ledger entries (invoices and memos keep their own remaining amounts). */
export const customerPaymentEntriesTable = 'lb.customerPaymentEntries';
export const cashReceiptTemplate = 'CASHRCPT';

/** One line whichever page wrote it. */
export interface CashLine {
  row: Row;
  table: string;
  documentType: string;
  accountType: string;
  accountNumber: string;
  balancingAccountType: string;
  balancingAccountNumber: string;
  amount: Decimal;
  appliesToDocumentType: string;
  appliesToDocumentNumber: string;
}

const emptyGuid = '00000000-0000-0000-0000-000000000000';

function batchOf(ctx: EntityContext, code: unknown): Row | undefined {
  return ctx.store.rows(ctx.company, 'customerPaymentJournals').find((batch) => batch.code === String(code ?? '').toUpperCase());
}

function nextLineNumber(ctx: EntityContext, batch: Row): number {
  return linesOfBatch(ctx, batch).reduce((max, line) => Math.max(max, Number(line.row.lineNumber)), 0) + 10_000;
}

/** Standard `customerPayments` insert, as page 30061 (APIV2 - Customer Payments) fills a line. */
export const customerPayments = {
  readOnly: ['id', 'journalDisplayName', 'lastModifiedDateTime'],
  insert(ctx: EntityContext, values: Record<string, unknown>): Row {
    const batch =
      typeof values.journalId === 'string' ? ctx.store.get(ctx.company, 'customerPaymentJournals', values.journalId) : undefined;
    if (!batch) throw dialog('You must specify a journal batch ID or a journal ID to get a journal line.');
    upperCodes(values, ['customerNumber', 'documentNumber', 'externalDocumentNumber', 'appliesToInvoiceNumber']);
    let invoice: Row | undefined;
    if (typeof values.appliesToInvoiceId === 'string' && values.appliesToInvoiceId !== emptyGuid) {
      invoice = ctx.store.get(ctx.company, 'salesInvoices', values.appliesToInvoiceId);
      if (!invoice || invoice.status === 'Draft')
        throw dialog('The "appliesToInvoiceId" should be the ID of an Open, Paid, Corrective, or Canceled Invoice.');
    } else if (typeof values.appliesToInvoiceNumber === 'string' && values.appliesToInvoiceNumber !== '') {
      invoice = ctx.store.findBy(ctx.company, 'salesInvoices', 'number', values.appliesToInvoiceNumber);
    }
    const customer =
      typeof values.customerId === 'string' && values.customerId !== emptyGuid
        ? ctx.store.get(ctx.company, 'customers', values.customerId)
        : typeof values.customerNumber === 'string' && values.customerNumber !== ''
          ? ctx.store.findBy(ctx.company, 'customers', 'number', values.customerNumber)
          : invoice
            ? ctx.store.findBy(ctx.company, 'customers', 'number', invoice.customerNumber)
            : undefined;
    if ((values.customerId || values.customerNumber) && !customer) throw dialog('The "customerNumber" does not match to a Customer.');
    return ctx.store.insert(ctx.company, 'customerPayments', {
      ...values,
      journalId: batch.id,
      journalDisplayName: batch.code,
      lineNumber: values.lineNumber ?? nextLineNumber(ctx, batch),
      customerId: customer?.id ?? emptyGuid,
      customerNumber: customer?.number ?? '',
      postingDate: values.postingDate ?? ctx.store.today(),
      documentNumber: values.documentNumber ?? '',
      externalDocumentNumber: values.externalDocumentNumber ?? '',
      amount: values.amount ?? '0',
      appliesToInvoiceId: invoice?.id ?? emptyGuid,
      appliesToInvoiceNumber: invoice?.number ?? '',
      description: values.description ?? '',
      comment: values.comment ?? '',
    });
  },
  update(ctx: EntityContext, row: Row, values: Record<string, unknown>): void {
    upperCodes(values, ['customerNumber', 'documentNumber', 'externalDocumentNumber']);
    Object.assign(row, values);
    ctx.store.touch(row);
  },
};

/** The companion line, prepared as the page validates it. */
export function insertCashReceiptLine(ctx: EntityContext, values: Record<string, unknown>, parent?: Row): Row {
  const line: Record<string, unknown> = { ...values };
  if (parent) Object.assign(line, { journalTemplateName: parent.templateName, journalBatchName: parent.code });
  upperCodes(line, [
    'journalTemplateName',
    'journalBatchName',
    'documentNumber',
    'externalDocumentNumber',
    'accountNumber',
    'balancingAccountNumber',
    'appliesToDocumentNumber',
  ]);
  const batch = line.journalTemplateName === cashReceiptTemplate ? batchOf(ctx, line.journalBatchName) : undefined;
  if (!batch)
    throw recordMissing(
      'Gen. Journal Batch',
      `Journal Template Name='${String(line.journalTemplateName ?? '')}',Name='${String(line.journalBatchName ?? '')}'`,
    );
  line.accountType ??= 'Customer';
  line.documentType ??= ' ';
  line.balancingAccountType ??= 'G/L Account';
  line.balancingAccountNumber ??= batch.balancingAccountNumber ?? '';
  line.appliesToDocumentType ??= ' ';
  line.appliesToDocumentNumber ??= '';
  line.postingDate ??= ctx.store.today();
  line.amount ??= '0';
  for (const field of ['documentNumber', 'externalDocumentNumber', 'accountNumber', 'description']) line[field] ??= '';
  const account =
    line.accountType === 'Customer'
      ? ctx.store.findBy(ctx.company, 'customers', 'number', line.accountNumber)
      : ctx.store.findBy(ctx.company, 'accounts', 'number', line.accountNumber);
  if (line.accountNumber && !account)
    throw recordMissing(line.accountType === 'Customer' ? 'Customer' : 'G/L Account', `No.='${String(line.accountNumber)}'`);
  if (line.balancingAccountNumber && !ctx.store.findBy(ctx.company, 'accounts', 'number', line.balancingAccountNumber))
    throw recordMissing('G/L Account', `No.='${String(line.balancingAccountNumber)}'`);
  line.lineNumber = nextLineNumber(ctx, batch);
  return ctx.store.insert(ctx.company, cashReceiptLinesTable, line);
}

/** Every line of a batch, from either page, in line-number order. */
export function linesOfBatch(ctx: EntityContext, batch: Row): CashLine[] {
  const standard = ctx.store
    .rows(ctx.company, 'customerPayments')
    .filter((row) => row.journalId === batch.id)
    .map((row): CashLine => ({
      row,
      table: 'customerPayments',
      documentType: 'Payment',
      accountType: 'Customer',
      accountNumber: String(row.customerNumber ?? ''),
      balancingAccountType: 'G/L Account',
      balancingAccountNumber: String(batch.balancingAccountNumber ?? ''),
      amount: dec(String(row.amount ?? '0')),
      appliesToDocumentType: row.appliesToInvoiceNumber ? 'Invoice' : ' ',
      appliesToDocumentNumber: String(row.appliesToInvoiceNumber ?? ''),
    }));
  const companion = ctx.store
    .rows(ctx.company, cashReceiptLinesTable)
    .filter((row) => row.journalBatchName === batch.code)
    .map((row): CashLine => ({
      row,
      table: cashReceiptLinesTable,
      documentType: String(row.documentType),
      accountType: String(row.accountType),
      accountNumber: String(row.accountNumber ?? ''),
      balancingAccountType: String(row.balancingAccountType),
      balancingAccountNumber: String(row.balancingAccountNumber ?? ''),
      amount: dec(String(row.amount ?? '0')),
      appliesToDocumentType: String(row.appliesToDocumentType),
      appliesToDocumentNumber: String(row.appliesToDocumentNumber ?? ''),
    }));
  return [...standard, ...companion].sort((a, b) => Number(a.row.lineNumber) - Number(b.row.lineNumber));
}

/** The companion view of a line, whichever page wrote it. */
export function cashLineView(line: CashLine, batch: Row): Record<string, unknown> {
  const row = line.row;
  return {
    journalTemplateName: cashReceiptTemplate,
    journalBatchName: batch.code,
    lineNumber: row.lineNumber,
    postingDate: row.postingDate,
    documentType: line.documentType,
    documentNumber: row.documentNumber,
    externalDocumentNumber: row.externalDocumentNumber,
    accountType: line.accountType,
    accountNumber: line.accountNumber,
    balancingAccountType: line.balancingAccountType,
    balancingAccountNumber: line.balancingAccountNumber,
    amount: line.amount.toFixed(),
    appliesToDocumentType: line.appliesToDocumentType,
    appliesToDocumentNumber: line.appliesToDocumentNumber,
    description: row.description ?? '',
  };
}

const fieldError = (field: string, rule: string, line: Row) =>
  new BcHttpError(
    400,
    'Application_FieldValidationException',
    `${field} ${rule} in Gen. Journal Line Journal Template Name='${cashReceiptTemplate}',Journal Batch Name='${String(line.journalBatchName ?? line.journalDisplayName ?? '')}',Line No.='${String(line.lineNumber)}'.`,
  );

/** Gen. Jnl.-Check Line: document number, amount, and CheckDocType's sign for a customer line. */
function checkLine(line: CashLine): void {
  if (!line.row.documentNumber) throw fieldError('Document No.', 'must have a value', line.row);
  if (!line.accountNumber && !line.balancingAccountNumber) throw fieldError('Account No.', 'must have a value', line.row);
  if (line.amount.isZero()) throw fieldError('Amount', 'must have a value', line.row);
  if (line.accountType !== 'Customer' || line.documentType === ' ') return;
  // Payments and credit memos credit a customer (negative); invoices and refunds debit it (positive).
  const credits = line.documentType === 'Payment' || line.documentType === 'Credit Memo';
  if (credits && line.amount.isPositive()) throw fieldError('Amount', 'must be negative', line.row);
  if (!credits && line.amount.isNegative()) throw fieldError('Amount', 'must be positive', line.row);
}

interface OpenEntry {
  remaining: Decimal;
  close(remaining: Decimal): void;
}

/** The open customer ledger entry `type` `number` of `customer`, as GenJnlPostLine looks for it (Open = true). */
function openEntry(ctx: EntityContext, customer: string, type: string, number: string): OpenEntry | undefined {
  if (type === 'Invoice') {
    const invoice = ctx.store.findBy(ctx.company, 'salesInvoices', 'number', number);
    if (!invoice || invoice.customerNumber !== customer || invoice.status === 'Draft') return undefined;
    const remaining = dec(String(invoice.remainingAmount ?? '0'));
    if (remaining.isZero()) return undefined;
    return {
      remaining,
      close(left) {
        invoice.remainingAmount = left.toFixed();
        if (left.isZero()) invoice.status = 'Paid';
        ctx.store.touch(invoice);
      },
    };
  }
  if (type === 'Credit Memo') {
    const memo = ctx.store.findBy(ctx.company, 'salesCreditMemos', 'number', number);
    if (!memo || memo.customerNumber !== customer || memo.status !== 'Open') return undefined;
    const remaining = dec(String(memo._remainingAmount ?? dec(String(memo.totalAmountIncludingTax)).negated().toFixed()));
    return {
      remaining,
      close(left) {
        memo._remainingAmount = left.toFixed();
        if (left.isZero()) memo.status = 'Paid';
        ctx.store.touch(memo);
      },
    };
  }
  const entry = ctx.store
    .rows(ctx.company, customerPaymentEntriesTable)
    .find((row) => row.customerNumber === customer && row.documentType === type && row.documentNumber === number && row.open === true);
  if (!entry) return undefined;
  return {
    remaining: dec(String(entry.remainingAmount)),
    close(left) {
      entry.remainingAmount = left.toFixed();
      entry.open = !left.isZero();
      ctx.store.touch(entry);
    },
  };
}

function writeGl(ctx: EntityContext, line: Row, accountNumber: string, amount: Decimal): void {
  const account = ctx.store.findBy(ctx.company, 'accounts', 'number', accountNumber);
  if (!account || amount.isZero()) return;
  ctx.store.insert(ctx.company, 'generalLedgerEntries', {
    entryNumber: Number(ctx.store.nextNumber(ctx.company, 'GLE')),
    postingDate: line.postingDate,
    documentNumber: line.documentNumber,
    documentType: ' ',
    accountId: account.id,
    accountNumber: account.number,
    description: line.description,
    debitAmount: amount.greaterThan(0) ? amount.toFixed() : '0',
    creditAmount: amount.lessThan(0) ? amount.negated().toFixed() : '0',
  });
}

/** Gen. Jnl.-Post Batch on a cash receipt batch: check every line, then post and apply each. */
export function postCashReceiptBatch(ctx: EntityContext, batch: Row): void {
  const lines = linesOfBatch(ctx, batch);
  if (lines.length === 0) throw dialog(`There is nothing to post in journal batch ${cashReceiptTemplate} ${String(batch.code)}.`);
  for (const line of lines) checkLine(line);
  // Every Applies-to document must be open for the line's customer before anything posts.
  for (const line of lines)
    if (
      line.accountType === 'Customer' &&
      line.appliesToDocumentNumber &&
      !openEntry(ctx, line.accountNumber, line.appliesToDocumentType, line.appliesToDocumentNumber)
    )
      throw dialog(
        `The Cust. Ledger Entry does not exist. Identification fields and values: Document Type='${line.appliesToDocumentType}',Document No.='${line.appliesToDocumentNumber}',Customer No.='${line.accountNumber}',Open='Yes'`,
      );
  for (const line of lines) {
    const row = line.row;
    if (line.accountType === 'G/L Account') writeGl(ctx, row, line.accountNumber, line.amount);
    writeGl(ctx, row, line.balancingAccountNumber, line.amount.negated());
    if (line.accountType === 'Customer') {
      let left = line.amount;
      const target = line.appliesToDocumentNumber
        ? openEntry(ctx, line.accountNumber, line.appliesToDocumentType, line.appliesToDocumentNumber)
        : undefined;
      if (target && target.remaining.isPositive() !== left.isPositive()) {
        const applied = Decimal.min(target.remaining.abs(), left.abs());
        const sign = left.isNegative() ? -1 : 1;
        target.close(target.remaining.plus(applied.times(sign)));
        left = left.minus(applied.times(sign));
      }
      ctx.store.insert(ctx.company, customerPaymentEntriesTable, {
        customerNumber: line.accountNumber,
        documentType: line.documentType,
        documentNumber: row.documentNumber,
        externalDocumentNumber: row.externalDocumentNumber,
        postingDate: row.postingDate,
        amount: line.amount.toFixed(),
        remainingAmount: left.toFixed(),
        open: !left.isZero(),
      });
    }
    ctx.store.remove(ctx.company, line.table, row.id);
  }
  ctx.store.touch(batch);
}
