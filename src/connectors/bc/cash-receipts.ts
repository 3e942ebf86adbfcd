/**
 * Cash application in BC: payments and refunds in a cash receipt journal batch, applied to
 * the customer document they settle. The standard API writes what it can — a customer
 * payment applied to an invoice, balanced on the batch's own account (`customerPayments`) —
 * and the companion extension the rest: refunds, payments applied to credit memos or to
 * other payments, lines balanced on another gateway's clearing account, and posting the
 * batch (the standard API has no post action for it). Exactly once as for journals: lines
 * an earlier attempt left in the batch are adopted, and a document already posted is
 * recognised by its G/L entries (the balancing account's entry carries its number).
 */
import { dec } from '../../core/money.ts';
import type { Issue } from '../../core/issues.ts';
import { companionMissing } from './capabilities.ts';
import { chunk, sendBatch, type BatchOperation } from './batch.ts';
import { companyPath, keyOf, listUnderCompany, sendUnderCompany, settlePosting, type ConnectorContext } from './context.ts';
import { invalidRequest } from './errors.ts';
import { createInBatches, postedReferences } from './journals.ts';
import { jsonDecimal, toDecimalString, toText } from './json.ts';
import { describe, toCode } from './map.ts';
import { buildQuery, eq } from './odata.ts';

export type CashAppliesTo = 'Invoice' | 'Credit Memo' | 'Payment' | 'Refund';

export interface CashReceiptLineDraft {
  documentType: 'Payment' | 'Refund' | ' ';
  /** At most 20 characters; the hub's reference a retry looks for. */
  documentNumber: string;
  externalDocumentNumber: string;
  postingDate: string;
  accountType: 'Customer' | 'G/L Account';
  accountNumber: string;
  /** BC's sign: a payment credits the customer (negative), a refund debits it (positive). */
  amount: string;
  /** The clearing account of the gateway the money went through. */
  balancingAccountNumber: string;
  appliesTo?: { type: CashAppliesTo; number: string; id?: string };
  description?: string;
}

export interface ErpCashReceiptJournal {
  /** The standard customerPaymentJournals id. */
  id: string;
  code: string;
  balancingAccountNumber: string;
  /** The companion cashReceiptJournals id, when the extension has it. */
  companionId?: string;
}

export interface CashReceiptLinesResult {
  created: number;
  adopted: number;
  alreadyPosted: CashReceiptLineDraft[];
}

export interface CashReceipts {
  findCashReceiptJournal(code: string): Promise<ErpCashReceiptJournal | undefined>;
  /** Creates the lines not already in the batch (or posted); each goes through the standard API when it can. */
  createCashReceiptLines(journal: ErpCashReceiptJournal, lines: CashReceiptLineDraft[]): Promise<CashReceiptLinesResult>;
  /** Companion: posts every line of the batch (applying each to its document). */
  postCashReceiptJournal(journal: ErpCashReceiptJournal): Promise<void>;
  /**
   * Companion: deletes the batch's lines of these documents (and no others), so that lines BC
   * refuses to post stop blocking the rest of the batch; answers how many were deleted and how
   * many other lines the batch still holds.
   */
  removeCashReceiptLines(journal: ErpCashReceiptJournal, documentNumbers: string[]): Promise<{ removed: number; remaining: number }>;
  /** Whether lines of this shape can be written and posted on this tenant. */
  cashReceiptSupport(): Promise<{ companionLines: boolean; posting: boolean }>;
}

interface WireBatch {
  id: string;
  code: string;
  balancingAccountNumber?: string;
}
interface WirePayment {
  documentNumber: string;
  customerNumber: string;
  amount: unknown;
  appliesToInvoiceNumber?: string;
}
interface WireCashLine {
  documentNumber: string;
  accountNumber: string;
  amount: unknown;
  appliesToDocumentNumber?: string;
}

const key = (documentNumber: string, account: string, amount: string, appliesTo: string | undefined) =>
  `${toCode(documentNumber)}|${toCode(account)}|${dec(amount).toFixed()}|${toCode(appliesTo ?? '')}`;

/** A line the standard customerPayments page can write: a payment on the batch's account, applied to an invoice or not at all. */
export function fitsStandardPayment(line: CashReceiptLineDraft, journal: ErpCashReceiptJournal): boolean {
  return (
    line.documentType === 'Payment' &&
    line.accountType === 'Customer' &&
    (!line.appliesTo || line.appliesTo.type === 'Invoice') &&
    toCode(line.balancingAccountNumber) === toCode(journal.balancingAccountNumber)
  );
}

function checkLine(line: CashReceiptLineDraft, path: string, issues: Issue[]): void {
  if (!line.documentNumber || line.documentNumber.length > 20)
    issues.push({ code: 'invalid', path: `${path}documentNumber`, message: 'a document number of 1 to 20 characters is needed' });
  if (line.externalDocumentNumber.length > 35)
    issues.push({ code: 'too_long', path: `${path}externalDocumentNumber`, message: 'at most 35 characters' });
  if (dec(line.amount).isZero()) issues.push({ code: 'invalid', path: `${path}amount`, message: 'an amount other than zero is needed' });
}

export function createCashReceipts(ctx: ConnectorContext): CashReceipts {
  const standardLines = async (journal: ErpCashReceiptJournal) =>
    (
      await listUnderCompany<WirePayment>(
        ctx,
        `customerPaymentJournals(${journal.id})/customerPayments${buildQuery({ select: ['documentNumber', 'customerNumber', 'amount', 'appliesToInvoiceNumber'] })}`,
      )
    ).map((line) => key(line.documentNumber, line.customerNumber, toDecimalString(line.amount), line.appliesToInvoiceNumber));
  const companionLines = async (journal: ErpCashReceiptJournal) =>
    (
      await listUnderCompany<WireCashLine>(
        ctx,
        `cashReceiptJournals(${journal.companionId})/cashReceiptLines${buildQuery({ select: ['documentNumber', 'accountNumber', 'amount', 'appliesToDocumentNumber'] })}`,
        'companion',
      )
    ).map((line) => key(line.documentNumber, line.accountNumber, toDecimalString(line.amount), line.appliesToDocumentNumber));

  return {
    async cashReceiptSupport() {
      const capabilities = await ctx.capabilities.get();
      return { companionLines: capabilities.cashReceipts, posting: capabilities.cashReceipts };
    },

    async findCashReceiptJournal(code) {
      const [batch] = await listUnderCompany<WireBatch>(
        ctx,
        `customerPaymentJournals${buildQuery({ filter: eq('code', toCode(code)), select: ['id', 'code', 'balancingAccountNumber'] })}`,
      );
      if (!batch) return undefined;
      const journal: ErpCashReceiptJournal = {
        id: batch.id,
        code: batch.code,
        balancingAccountNumber: toText(batch.balancingAccountNumber),
      };
      if ((await ctx.capabilities.get()).cashReceipts) {
        const [companion] = await listUnderCompany<WireBatch>(
          ctx,
          `cashReceiptJournals${buildQuery({ filter: eq('code', toCode(code)), select: ['id', 'code'] })}`,
          'companion',
        );
        if (companion) journal.companionId = companion.id;
      }
      return journal;
    },

    async createCashReceiptLines(journal, lines) {
      const issues: Issue[] = [];
      lines.forEach((line, index) => checkLine(line, `lines[${index}].`, issues));
      if (issues.length) throw invalidRequest(`Cash receipt lines cannot be sent to Business Central: ${describe(issues)}`, issues);
      const needsCompanion = lines.some((line) => !fitsStandardPayment(line, journal));
      if (needsCompanion && !journal.companionId) throw companionMissing('cashReceipts', (await ctx.capabilities.get()).apiPath);
      // Every line of the batch, whichever page wrote it: the companion page shows them all.
      const pool = new Map<string, number>();
      for (const existing of journal.companionId ? await companionLines(journal) : await standardLines(journal))
        pool.set(existing, (pool.get(existing) ?? 0) + 1);
      const missing: CashReceiptLineDraft[] = [];
      let adopted = 0;
      for (const line of lines) {
        const lineKey = key(line.documentNumber, line.accountNumber, line.amount, line.appliesTo?.number);
        const left = pool.get(lineKey) ?? 0;
        if (left > 0) {
          pool.set(lineKey, left - 1);
          adopted += 1;
        } else missing.push(line);
      }
      const posted = await postedReferences(
        ctx,
        'generalLedgerEntries',
        missing.map((line) => line.documentNumber),
      );
      const alreadyPosted = missing.filter((line) => posted.has(toCode(line.documentNumber)));
      const todo = missing.filter((line) => !posted.has(toCode(line.documentNumber)));
      const standard = todo.filter((line) => fitsStandardPayment(line, journal));
      const companion = todo.filter((line) => !fitsStandardPayment(line, journal));
      if (standard.length)
        await createInBatches(
          ctx,
          await companyPath(ctx, `customerPaymentJournals(${journal.id})/customerPayments`),
          standard.map((line) => ({
            customerNumber: toCode(line.accountNumber),
            postingDate: line.postingDate,
            documentNumber: toCode(line.documentNumber),
            externalDocumentNumber: toCode(line.externalDocumentNumber),
            amount: jsonDecimal(line.amount),
            ...(line.appliesTo?.id
              ? { appliesToInvoiceId: line.appliesTo.id }
              : line.appliesTo
                ? { appliesToInvoiceNumber: toCode(line.appliesTo.number) }
                : {}),
            description: (line.description ?? '').slice(0, 100),
          })),
          'standard',
        );
      if (companion.length)
        await createInBatches(
          ctx,
          await companyPath(ctx, `cashReceiptJournals(${journal.companionId})/cashReceiptLines`),
          companion.map((line) => ({
            postingDate: line.postingDate,
            documentType: line.documentType,
            documentNumber: toCode(line.documentNumber),
            externalDocumentNumber: toCode(line.externalDocumentNumber),
            accountType: line.accountType,
            accountNumber: toCode(line.accountNumber),
            balancingAccountType: 'G/L Account',
            balancingAccountNumber: toCode(line.balancingAccountNumber),
            amount: jsonDecimal(line.amount),
            appliesToDocumentType: line.appliesTo?.type ?? ' ',
            appliesToDocumentNumber: line.appliesTo ? toCode(line.appliesTo.number) : '',
            description: (line.description ?? '').slice(0, 100),
          })),
          'companion',
        );
      return { created: todo.length, adopted, alreadyPosted };
    },

    async removeCashReceiptLines(journal, documentNumbers) {
      if (!journal.companionId) throw companionMissing('cashReceipts', (await ctx.capabilities.get()).apiPath);
      const wanted = new Set(documentNumbers.map(toCode));
      const linesPath = `cashReceiptJournals(${journal.companionId})/cashReceiptLines`;
      const lines = await listUnderCompany<{ id: string; documentNumber: string }>(
        ctx,
        `${linesPath}${buildQuery({ select: ['id', 'documentNumber'] })}`,
        'companion',
      );
      const doomed = lines.filter((line) => wanted.has(toCode(line.documentNumber)));
      const path = await companyPath(ctx, 'cashReceiptLines');
      for (const group of chunk(doomed)) {
        const operations: BatchOperation[] = group.map((line) => ({ method: 'DELETE', path: `${path}(${keyOf(line.id)})`, ifMatch: '*' }));
        const results = await sendBatch(ctx.client, operations, { api: 'companion', lane: ctx.lane });
        // A line already gone (deleted by an earlier attempt whose answer was lost) is what was wanted.
        const failed = results.find((result) => !result.ok && result.status !== 404);
        if (failed) throw failed.error ?? invalidRequest(`Business Central did not delete cash receipt line ${failed.id}`, []);
      }
      return { removed: doomed.length, remaining: lines.length - doomed.length };
    },

    async postCashReceiptJournal(journal) {
      if (!journal.companionId) throw companionMissing('cashReceipts', (await ctx.capabilities.get()).apiPath);
      await settlePosting(
        () => sendUnderCompany(ctx, 'POST', `cashReceiptJournals(${journal.companionId})/Microsoft.NAV.post`, { api: 'companion' }),
        async () => (await companionLines(journal)).length === 0,
      );
    },
  };
}
