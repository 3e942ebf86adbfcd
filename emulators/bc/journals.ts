/**
 * General journal lines (`journalLines`, under `journals`) as BC's API page fills them: a
 * line number per journal (unique: a repeated one is `Internal_EntityWithSameKeyExists`),
 * the account and the balancing account resolved by id or number for their account type,
 * Code fields upper-cased, posting date today unless given.
 */
import { dec } from '../shared/money.ts';
import { duplicate, upperCodes, type EntityContext } from './entities.ts';
import { BcHttpError, dialog, recordMissing } from './http-error.ts';
import type { Row } from './store.ts';

export interface JournalBehaviour {
  readOnly: string[];
  insert(ctx: EntityContext, values: Record<string, unknown>): Row;
  update(ctx: EntityContext, row: Row, values: Record<string, unknown>): void;
}

const accountSets: Record<string, [set: string, table: string]> = {
  'G/L Account': ['accounts', 'G/L Account'],
  Customer: ['customers', 'Customer'],
  Vendor: ['vendors', 'Vendor'],
  'Bank Account': ['bankAccounts', 'Bank Account'],
};

const emptyGuid = '00000000-0000-0000-0000-000000000000';

/** Resolves `<prefix>Id` / `<prefix>Number` for an account type; returns the account row or nothing. */
function resolveAccount(ctx: EntityContext, type: string, id: unknown, number: unknown): Row | undefined {
  const hasId = typeof id === 'string' && id !== emptyGuid;
  const hasNumber = typeof number === 'string' && number !== '';
  if (!hasId && !hasNumber) return undefined;
  const target = accountSets[type];
  if (!target) throw dialog(`Account type '${type}' is not supported on journal lines by the LedgerBridge BC emulator.`);
  const [set, table] = target;
  const row = hasId ? ctx.store.get(ctx.company, set, id) : ctx.store.findBy(ctx.company, set, 'number', (number as string).toUpperCase());
  if (!row) throw recordMissing(table, hasId ? `Id='${String(id)}'` : `No.='${String(number).toUpperCase()}'`);
  if (set === 'accounts' && (row.blocked === true || row.accountType !== 'Posting' || row.directPosting !== true)) {
    throw dialog(`G/L Account ${String(row.number)} must be an unblocked posting account with Direct Posting.`);
  }
  return row;
}

function prepareJournalLine(ctx: EntityContext, line: Record<string, unknown>): void {
  upperCodes(line, ['accountNumber', 'balancingAccountNumber', 'documentNumber', 'externalDocumentNumber']);
  line.accountType ??= 'G/L Account';
  line.balanceAccountType ??= 'G/L Account';
  const account = resolveAccount(ctx, String(line.accountType), line.accountId, line.accountNumber);
  if (account)
    Object.assign(line, { accountId: account.id, accountNumber: account.number, description: line.description ?? account.displayName });
  const balancing = resolveAccount(ctx, String(line.balanceAccountType), line.balancingAccountId, line.balancingAccountNumber);
  if (balancing) Object.assign(line, { balancingAccountId: balancing.id, balancingAccountNumber: balancing.number });
  line.postingDate ??= ctx.store.today();
  line.amount ??= '0';
  line.documentNumber ??= '';
  line.externalDocumentNumber ??= '';
  line.description ??= '';
  line.comment ??= '';
}

const journalLines: JournalBehaviour = {
  readOnly: ['id', 'journalDisplayName', 'lastModifiedDateTime'],
  insert(ctx, values) {
    const journal = typeof values.journalId === 'string' ? ctx.store.get(ctx.company, 'journals', values.journalId) : undefined;
    if (!journal)
      throw new BcHttpError(
        400,
        'Application_FieldValidationException',
        'Journal Batch Name must have a value in Gen. Journal Line. It cannot be zero or empty.',
      );
    const siblings = linesOfJournal(ctx, journal);
    if (values.lineNumber !== undefined && siblings.some((line) => line.lineNumber === values.lineNumber)) {
      throw duplicate(
        'Gen. Journal Line',
        `Journal Template Name='${String(journal.templateDisplayName)}',Journal Batch Name='${String(journal.code)}',Line No.='${String(values.lineNumber)}'`,
      );
    }
    const line: Record<string, unknown> = { ...values, journalId: journal.id, journalDisplayName: journal.code };
    line.lineNumber ??= siblings.reduce((max, row) => Math.max(max, Number(row.lineNumber)), 0) + 10_000;
    prepareJournalLine(ctx, line);
    return ctx.store.insert(ctx.company, 'journalLines', line);
  },
  update(ctx, row, values) {
    const next: Record<string, unknown> = { ...row, ...values };
    if (values.accountType !== undefined || values.accountNumber !== undefined) delete next.accountId;
    if (values.accountId !== undefined) delete next.accountNumber;
    prepareJournalLine(ctx, next);
    Object.assign(row, next);
    ctx.store.touch(row);
  },
};

export const journalBehaviours: Record<string, JournalBehaviour> = { journalLines };

export function linesOfJournal(ctx: EntityContext, journal: Row): Row[] {
  return ctx.store
    .rows(ctx.company, 'journalLines')
    .filter((line) => line.journalId === journal.id)
    .sort((a, b) => Number(a.lineNumber) - Number(b.lineNumber));
}

/**
 * Gen. Jnl.-Post Batch's balance check: per document number and posting date, the lines
 * without a balancing account must add up to zero (a line with one balances itself).
 */
export function checkJournalBalanced(lines: Row[]): void {
  const totals = new Map<string, ReturnType<typeof dec>>();
  for (const line of lines) {
    if (typeof line.balancingAccountNumber === 'string' && line.balancingAccountNumber !== '') continue;
    const key = `${String(line.documentNumber)}|${String(line.postingDate)}`;
    totals.set(key, (totals.get(key) ?? dec(0)).plus(dec(String(line.amount))));
  }
  for (const [key, total] of totals) {
    if (total.isZero()) continue;
    const [documentNumber, postingDate] = key.split('|');
    throw dialog(
      `Document No. ${documentNumber} is out of balance by ${total.toFixed()} on ${postingDate}. Please check that Posting Date, Document Type, Document No. and Amount are correct for each line.`,
    );
  }
}
