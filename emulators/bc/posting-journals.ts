/**
 * Journal posting. A general journal batch (`journals(...)/Microsoft.NAV.post`) posts every
 * line, refusing an empty batch and one out of balance, writes G/L entries for G/L account
 * lines and G/L balancing accounts, and empties the batch. An item journal batch (companion
 * `itemJournals(...)/Microsoft.NAV.post`) writes item ledger entries and empties the batch.
 */
import { dec } from '../../src/core/money.ts';
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

export function postGeneralJournal(ctx: EntityContext, journal: Row): void {
  const lines = linesOfJournal(ctx, journal);
  if (lines.length === 0) throw dialog('There is nothing to post.');
  checkJournalBalanced(lines);
  for (const line of lines) {
    const amount = dec(String(line.amount));
    if (line.accountType === 'G/L Account') writeGlEntry(ctx, line, line.accountId, amount);
    if (line.balanceAccountType === 'G/L Account') writeGlEntry(ctx, line, line.balancingAccountId, amount.negated());
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
