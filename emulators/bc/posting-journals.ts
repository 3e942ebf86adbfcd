/**
 * Journal posting. A general journal batch (`journals(...)/Microsoft.NAV.post`) posts every
 * line, refusing an empty batch, a line without document number, account or amount, and a
 * document out of balance; writes G/L entries for G/L account lines and balancing accounts
 * and, for bank account lines, on the bank's posting-group account (as BC does); and empties
 * the batch. An item journal batch (companion
 * `itemJournals(...)/Microsoft.NAV.post`) writes item ledger entries and empties the batch.
 */
import { dec } from '../shared/money.ts';
import type { EntityContext } from './entities.ts';
import { BcHttpError, dialog } from './http-error.ts';
import { addItemLedgerEntry } from './item-ledger.ts';
import { checkJournalBalanced, linesOfJournal } from './journals.ts';
import type { Row } from './store.ts';

export const itemJournalLinesTable = 'lb.itemJournalLines';
export const itemJournalsTable = 'lb.itemJournals';

function writeGlEntry(ctx: EntityContext, line: Row, accountId: unknown, amount: ReturnType<typeof dec>): void {
  const account = typeof accountId === 'string' ? ctx.store.get(ctx.company, 'accounts', accountId) : undefined;
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

/**
 * The G/L account a journal line's account posts to: a G/L account itself, or for a bank
 * account the G/L account of its Bank Account Posting Group (kept on the bank row).
 */
export function glAccountIdOf(ctx: EntityContext, type: unknown, id: unknown): unknown {
  if (type === 'G/L Account') return id;
  if (type !== 'Bank Account' || typeof id !== 'string') return undefined;
  const number = ctx.store.get(ctx.company, 'bankAccounts', id)?._glAccountNumber;
  return typeof number === 'string' ? ctx.store.findBy(ctx.company, 'accounts', 'number', number)?.id : undefined;
}

/** Gen. Jnl.-Check Line's first tests: a document number, an account (or a balancing one), an amount. */
export function checkJournalLine(line: Row, table = 'Gen. Journal Line'): void {
  const where = `${table}: Journal Batch Name=${String(line.journalDisplayName ?? '')}, Line No.=${String(line.lineNumber)}`;
  const missing = (field: string) =>
    new BcHttpError(400, 'Application_FieldValidationException', `${field} must have a value in ${where}. It cannot be zero or empty.`);
  if (!line.documentNumber) throw missing('Document No.');
  if (!line.accountNumber && !line.balancingAccountNumber) throw missing('Account No.');
  if (dec(String(line.amount ?? '0')).isZero()) throw missing('Amount');
}

export function postGeneralJournal(ctx: EntityContext, journal: Row): void {
  const lines = linesOfJournal(ctx, journal);
  if (lines.length === 0) throw dialog('There is nothing to post.');
  for (const line of lines) checkJournalLine(line);
  checkJournalBalanced(lines);
  for (const line of lines) {
    const amount = dec(String(line.amount));
    writeGlEntry(ctx, line, glAccountIdOf(ctx, line.accountType, line.accountId), amount);
    writeGlEntry(ctx, line, glAccountIdOf(ctx, line.balanceAccountType, line.balancingAccountId), amount.negated());
  }
  for (const line of lines) ctx.store.remove(ctx.company, 'journalLines', line.id);
  ctx.store.touch(journal);
}

export function linesOfItemJournal(ctx: EntityContext, batch: Row): Row[] {
  return ctx.store
    .rows(ctx.company, itemJournalLinesTable)
    .filter((line) => line.journalTemplateName === batch.templateName && line.journalBatchName === batch.code)
    .sort((a, b) => Number(a.lineNumber) - Number(b.lineNumber));
}

const inbound = new Set(['Purchase', 'Positive Adjmt.']);
const postable = new Set(['Purchase', 'Sale', 'Positive Adjmt.', 'Negative Adjmt.']);

export function postItemJournal(ctx: EntityContext, batch: Row): void {
  const lines = linesOfItemJournal(ctx, batch);
  if (lines.length === 0)
    throw dialog(`There is nothing to post in item journal batch ${String(batch.templateName)} ${String(batch.code)}.`);
  checkDocumentNumbersAgainstSeries(ctx, batch, lines);
  for (const line of lines) {
    if (!postable.has(String(line.entryType)))
      throw dialog(`Entry Type '${String(line.entryType)}' cannot be posted from an item journal by the LedgerBridge BC emulator.`);
    if (!line.documentNumber)
      throw new BcHttpError(
        400,
        'Application_FieldValidationException',
        `Document No. must have a value in Item Journal Line: Line No.=${String(line.lineNumber)}. It cannot be zero or empty.`,
      );
    if (dec(String(line.quantity)).isZero())
      throw new BcHttpError(
        400,
        'Application_FieldValidationException',
        `Quantity must have a value in Item Journal Line: Line No.=${String(line.lineNumber)}. It cannot be zero or empty.`,
      );
  }
  for (const line of lines) {
    const quantity = dec(String(line.quantity));
    addItemLedgerEntry(ctx, {
      itemNumber: String(line.itemNumber),
      variantCode: String(line.variantCode ?? ''),
      locationCode: String(line.locationCode ?? ''),
      postingDate: String(line.postingDate),
      entryType: line.entryType as 'Purchase',
      documentType: ' ',
      documentNumber: String(line.documentNumber),
      quantity: (inbound.has(String(line.entryType)) ? quantity : quantity.negated()).toFixed(),
      description: String(line.description ?? ''),
    });
    ctx.store.remove(ctx.company, itemJournalLinesTable, line.id);
  }
  ctx.store.touch(batch);
}

/**
 * Item Jnl.-Post Batch (Microsoft's base application): when the batch has a No. Series, each line
 * whose Document No. differs from the line before must carry the series' next number
 * (`TestField("Document No.", NoSeriesBatch.GetNextNo(...))`). A batch without one keeps the
 * numbers the lines bring, which is what the hub needs: its Document No. is its reference.
 * (AutoSplitKey on the lines page only numbers the lines; it has no part in this.)
 */
function checkDocumentNumbersAgainstSeries(ctx: EntityContext, batch: Row, lines: Row[]): void {
  const series = typeof batch._noSeries === 'string' && batch._noSeries !== '' ? batch._noSeries : undefined;
  if (!series) return;
  const upcoming = ctx.store.peekNumbers(ctx.company, series);
  let last: string | undefined;
  for (const line of lines) {
    const documentNumber = String(line.documentNumber ?? '');
    if (documentNumber === last) continue;
    const expected = upcoming.next().value as string;
    if (documentNumber !== expected)
      throw new BcHttpError(
        400,
        'Application_TestFieldException',
        `Document No. must be equal to '${expected}'  in Item Journal Line: Journal Template Name=${String(batch.templateName)}, Journal Batch Name=${String(batch.code)}, Line No.=${String(line.lineNumber)}. Current value is '${documentNumber}'.`,
      );
    last = documentNumber;
  }
}
