/**
 * Bound actions of the standard API (`POST …/{set}({id})/Microsoft.NAV.{action}` → 204)
 * that the emulator implements. Others the metadata declares answer 501. Posting commits
 * in BC, which breaks an `Isolation: snapshot` batch; the emulator refuses it there.
 */
import type { EntityContext } from './entities.ts';
import { BcHttpError } from './http-error.ts';
import { postGeneralJournal } from './posting-journals.ts';
import { postSalesDraft, postSalesOrder } from './posting-sales.ts';
import { salesKinds } from './sales-kinds.ts';
import type { Row } from './store.ts';

type Action = (ctx: EntityContext, row: Row) => void;

const standardActions: Record<string, Record<string, Action>> = {
  salesOrders: { shipAndInvoice: (ctx, row) => void postSalesOrder(ctx, row, { ship: true, invoice: true }) },
  salesInvoices: { post: (ctx, row) => postSalesDraft(ctx, salesKinds.invoice, row) },
  salesCreditMemos: { post: (ctx, row) => postSalesDraft(ctx, salesKinds.creditMemo, row) },
  journals: { post: (ctx, row) => postGeneralJournal(ctx, row) },
};

export const notImplemented = (what: string) =>
  new BcHttpError(501, 'BadRequest_MethodNotImplemented', `${what} is not implemented by the LedgerBridge BC emulator.`);

export function refuseInIsolatedBatch(isolated: boolean | undefined, action: string): void {
  if (isolated) {
    throw new BcHttpError(
      400,
      'Application_DialogException',
      `The action ${action} commits its work and cannot run inside a batch with Isolation: snapshot.`,
    );
  }
}

export function runStandardAction(ctx: EntityContext, set: string, action: string, row: Row, isolated?: boolean): void {
  const run = standardActions[set]?.[action];
  if (!run) throw notImplemented(`The action Microsoft.NAV.${action}`);
  refuseInIsolatedBatch(isolated, action);
  run(ctx, row);
}
