/**
 * General journals (payout batches) on the standard API and item journals (stock
 * adjustments) on the companion API. Lines are created in `$batch`es of at most 100,
 * after looking for lines an earlier attempt left (in the batch, or already posted) and
 * adopting them; a batch whose answer was lost is looked up again, never resent blindly.
 * Posting a batch is settled by reading: an emptied batch was posted.
 */
import type {
  CreatedLines,
  ErpItemJournalLine,
  ErpJournal,
  ErpJournalLine,
  ItemJournalLineDraft,
  JournalLineDraft,
} from '../../core/domain/erp.ts';
import type { Issue } from '../../core/issues.ts';
import { chunk, sendBatch, type BatchOperation } from './batch.ts';
import type { BcApi } from './client.ts';
import { chunked, companyPath, keyOf, listUnderCompany, sendUnderCompany, settlePosting, type ConnectorContext } from './context.ts';
import { invalidRequest } from './errors.ts';
import { describe, toCode } from './map.ts';
import { toDecimalString } from './json.ts';
import { buildItemJournalLineBody, mapItemJournalLine } from './map-companion.ts';
import { buildJournalLineBody, mapJournal, mapJournalLine } from './map-documents.ts';
import { and, buildQuery, eq, or } from './odata.ts';
import { companionSelects, type BcItemJournal, type BcItemJournalLine } from './schemas-companion.ts';
import { documentSelects, type BcJournal, type BcJournalLine } from './schemas-documents.ts';

/** Lines created, adopted, and the drafts whose document an earlier attempt had already posted. */
export interface JournalResult<L, D> extends CreatedLines<L> {
  alreadyPosted: D[];
}
export type ItemJournalResult = JournalResult<ErpItemJournalLine, ItemJournalLineDraft>;
export type JournalLinesResult = JournalResult<ErpJournalLine, JournalLineDraft>;

export interface GeneralLedgerEntryRow {
  documentNumber: string;
  accountNumber: string;
  debitAmount: string;
  creditAmount: string;
}

export interface Journals {
  listJournals(): Promise<ErpJournal[]>;
  /** G/L entries of these document numbers (what a posted journal left), for the reconciliation. */
  listGeneralLedgerEntries(documentNumbers: string[]): Promise<GeneralLedgerEntryRow[]>;
  findJournalByCode(code: string): Promise<ErpJournal | undefined>;
  listJournalLines(journalId: string): Promise<ErpJournalLine[]>;
  /** Creates the lines not already in the journal (matched on document number, account, amount, line number). */
  createJournalLines(journalId: string, lines: JournalLineDraft[]): Promise<JournalLinesResult>;
  /** Posts every line of the journal batch; BC refuses an empty or unbalanced batch. */
  postJournal(journalId: string): Promise<void>;
  /** Companion: adjustment lines in the item journal batch `batch` (template from configuration). */
  createItemJournalLines(batch: string, lines: ItemJournalLineDraft[]): Promise<ItemJournalResult>;
  listItemJournalLines(batch: string): Promise<ErpItemJournalLine[]>;
  postItemJournal(batch: string): Promise<void>;
}

/** Creates `bodies` through `$batch`es; a failure stops and is thrown after what succeeded is known. */
export async function createInBatches<W>(ctx: ConnectorContext, path: string, bodies: unknown[], api: BcApi): Promise<W[]> {
  const created: W[] = [];
  for (const group of chunk(bodies)) {
    const operations: BatchOperation[] = group.map((body) => ({ method: 'POST', path, body }));
    const results = await sendBatch<W>(ctx.client, operations, { api, lane: ctx.lane });
    for (const result of results) if (result.ok && result.body) created.push(result.body);
    const failed = results.find((result) => !result.ok);
    if (failed) throw failed.error ?? invalidRequest(`Business Central did not run operation ${failed.id} of the batch`, []);
  }
  return created;
}

/** Matches drafts to existing lines one to one by key; returns the unmatched drafts. */
function takeMatches<D, L>(
  drafts: D[],
  existing: L[],
  keyOfDraft: (d: D) => string,
  keyOfLine: (l: L) => string,
): { matched: L[]; missing: D[] } {
  const pool = new Map<string, L[]>();
  for (const line of existing) pool.set(keyOfLine(line), [...(pool.get(keyOfLine(line)) ?? []), line]);
  const matched: L[] = [];
  const missing: D[] = [];
  for (const draft of drafts) {
    const line = pool.get(keyOfDraft(draft))?.shift();
    if (line) matched.push(line);
    else missing.push(draft);
  }
  return { matched, missing };
}

const decimalKey = (value: string) => String(Number(value));

/** Document numbers among `references` that already have ledger entries in `set`: posted before. */
export async function postedReferences(
  ctx: ConnectorContext,
  set: 'itemLedgerEntries' | 'generalLedgerEntries',
  references: string[],
): Promise<Set<string>> {
  const posted = new Set<string>();
  for (const group of chunked([...new Set(references.map(toCode))])) {
    const query = buildQuery({ filter: or(...group.map((reference) => eq('documentNumber', reference))), select: ['documentNumber'] });
    for (const entry of await listUnderCompany<{ documentNumber: string }>(ctx, `${set}${query}`)) posted.add(entry.documentNumber);
  }
  return posted;
}

export function createJournals(ctx: ConnectorContext): Journals {
  const template = ctx.client.config.companion.itemJournalTemplate;
  const lineKey = (l: { documentNumber: string; accountNumber: string; amount: string; externalDocumentNumber?: string }) =>
    `${toCode(l.documentNumber)}|${toCode(l.accountNumber)}|${decimalKey(l.amount)}|${toCode(l.externalDocumentNumber ?? '')}`;
  const itemLineKey = (l: {
    documentNumber: string;
    itemNumber: string;
    variantCode?: string;
    locationCode?: string;
    entryType: string;
    quantity: string;
  }) =>
    `${toCode(l.documentNumber)}|${toCode(l.itemNumber)}|${toCode(l.variantCode ?? '')}|${toCode(l.locationCode ?? '')}|${l.entryType}|${decimalKey(l.quantity)}`;

  const listJournalLines = async (journalId: string) =>
    (
      await listUnderCompany<BcJournalLine>(
        ctx,
        `journals(${keyOf(journalId, 'journalId')})/journalLines${buildQuery({ select: documentSelects.journalLine })}`,
      )
    ).map(mapJournalLine);

  const findItemJournal = async (batch: string) => {
    const query = buildQuery({
      filter: and(eq('templateName', template), eq('code', toCode(batch))),
      select: companionSelects.itemJournal,
    });
    const [found] = await listUnderCompany<BcItemJournal>(ctx, `itemJournals${query}`, 'companion');
    if (!found)
      throw invalidRequest(
        `Business Central has no item journal batch ${template} ${toCode(batch)}; create it (see bc-extension/README.md)`,
        [{ code: 'not_found', path: 'batch', message: 'no such batch' }],
      );
    return found;
  };
  const itemLines = async (batchId: string) =>
    (
      await listUnderCompany<BcItemJournalLine>(
        ctx,
        `itemJournals(${batchId})/itemJournalLines${buildQuery({ select: companionSelects.itemJournalLine })}`,
        'companion',
      )
    ).map(mapItemJournalLine);

  return {
    async listGeneralLedgerEntries(documentNumbers) {
      const rows: GeneralLedgerEntryRow[] = [];
      for (const group of chunked([...new Set(documentNumbers.map(toCode))])) {
        const query = buildQuery({
          filter: or(...group.map((number) => eq('documentNumber', number))),
          select: ['documentNumber', 'accountNumber', 'debitAmount', 'creditAmount'],
        });
        for (const entry of await listUnderCompany<Record<string, unknown>>(ctx, `generalLedgerEntries${query}`))
          rows.push({
            documentNumber: String(entry.documentNumber),
            accountNumber: String(entry.accountNumber),
            debitAmount: toDecimalString(entry.debitAmount),
            creditAmount: toDecimalString(entry.creditAmount),
          });
      }
      return rows;
    },

    listJournals: async () =>
      (await listUnderCompany<BcJournal>(ctx, `journals${buildQuery({ select: documentSelects.journal })}`)).map(mapJournal),

    async findJournalByCode(code) {
      const [found] = await listUnderCompany<BcJournal>(
        ctx,
        `journals${buildQuery({ filter: eq('code', toCode(code)), select: documentSelects.journal })}`,
      );
      return found && mapJournal(found);
    },

    listJournalLines,

    async createJournalLines(journalId, lines) {
      const issues: Issue[] = [];
      const bodies = lines.map((line, index) => buildJournalLineBody(line, `lines[${index}].`, issues));
      if (issues.length) throw invalidRequest(`Journal lines cannot be sent to Business Central: ${describe(issues)}`, issues);
      const path = await companyPath(ctx, `journals(${keyOf(journalId, 'journalId')})/journalLines`);
      const entries = lines.map((draft, index) => ({ draft, body: bodies[index]! }));
      const first = takeMatches(entries, await listJournalLines(journalId), (entry) => lineKey(entry.draft), lineKey);
      // A posted payout left the batch; its document number is on G/L entries.
      const posted = await postedReferences(
        ctx,
        'generalLedgerEntries',
        first.missing.map((entry) => entry.draft.documentNumber),
      );
      const alreadyPosted = first.missing.filter((entry) => posted.has(toCode(entry.draft.documentNumber))).map((entry) => entry.draft);
      const todo = first.missing.filter((entry) => !posted.has(toCode(entry.draft.documentNumber))).map((entry) => entry.body);
      try {
        const created = await createInBatches<BcJournalLine>(ctx, path, todo, 'standard');
        return { created: created.map(mapJournalLine), adopted: first.matched, alreadyPosted };
      } catch (error) {
        // Some lines may exist now (a lost answer, or a batch that stopped part-way): adopt them next time.
        ctx.logger.warn({ journalId, lines: lines.length }, 'bc journal lines not all created; a retry adopts what exists');
        throw error;
      }
    },

    async postJournal(journalId) {
      await settlePosting(
        () => sendUnderCompany(ctx, 'POST', `journals(${keyOf(journalId, 'journalId')})/Microsoft.NAV.post`),
        async () => (await listJournalLines(journalId)).length === 0,
      );
    },

    async createItemJournalLines(batch, lines) {
      await ctx.capabilities.require('itemJournals');
      const issues: Issue[] = [];
      const bodies = lines.map((line, index) => buildItemJournalLineBody(line, `lines[${index}].`, issues));
      if (issues.length) throw invalidRequest(`Item journal lines cannot be sent to Business Central: ${describe(issues)}`, issues);
      const journal = await findItemJournal(batch);
      const entries = lines.map((draft, index) => ({ draft, body: bodies[index]! }));
      const inBatch = takeMatches(entries, await itemLines(journal.id), (entry) => itemLineKey(entry.draft), itemLineKey);
      // Lines already posted left the batch; their reference is on item ledger entries.
      const posted = await postedReferences(
        ctx,
        'itemLedgerEntries',
        inBatch.missing.map((entry) => entry.draft.documentNumber),
      );
      const alreadyPosted = inBatch.missing.filter((entry) => posted.has(toCode(entry.draft.documentNumber))).map((entry) => entry.draft);
      const todo = inBatch.missing.filter((entry) => !posted.has(toCode(entry.draft.documentNumber))).map((entry) => entry.body);
      const path = await companyPath(ctx, `itemJournals(${journal.id})/itemJournalLines`);
      const created = await createInBatches<BcItemJournalLine>(ctx, path, todo, 'companion');
      return { created: created.map(mapItemJournalLine), adopted: inBatch.matched, alreadyPosted };
    },

    async listItemJournalLines(batch) {
      await ctx.capabilities.require('itemJournals');
      return itemLines((await findItemJournal(batch)).id);
    },

    async postItemJournal(batch) {
      await ctx.capabilities.require('itemJournals');
      const journal = await findItemJournal(batch);
      await settlePosting(
        () => sendUnderCompany(ctx, 'POST', `itemJournals(${journal.id})/Microsoft.NAV.post`, { api: 'companion' }),
        async () => (await itemLines(journal.id)).length === 0,
      );
    },
  };
}
