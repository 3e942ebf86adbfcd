/**
 * How far a business transaction got across the systems, read from its trail: in BC, at the
 * warehouse, despatched, shipped in BC, invoiced, fulfilled in Shopify. "Posted" alone told
 * finance only that a BC sales order existed, even for orders long shipped and invoiced.
 */
import type { AuditEntry, LedgerRecord, Link } from '../ledger/types.ts';
import type { ProgressStep } from './types.ts';

interface StepDefinition {
  step: ProgressStep['step'];
  system: string;
  kinds: string[];
  done: string;
  notYet: string;
}

const orderSteps: StepDefinition[] = [
  {
    step: 'in_bc',
    system: 'bc',
    kinds: ['salesOrder'],
    done: 'In Business Central as a sales order',
    notYet: 'Not yet in Business Central',
  },
  { step: 'at_warehouse', system: 'warehouse', kinds: ['order'], done: 'At the warehouse', notYet: 'Not yet at the warehouse' },
  { step: 'despatched', system: 'warehouse', kinds: ['shipment'], done: 'Despatched by the warehouse', notYet: 'Not yet despatched' },
  {
    step: 'shipped_in_bc',
    system: 'bc',
    kinds: ['salesShipment'],
    done: 'Shipped in Business Central',
    notYet: 'Not yet shipped in Business Central',
  },
  { step: 'invoiced', system: 'bc', kinds: ['salesInvoice'], done: 'Invoiced in Business Central', notYet: 'Not yet invoiced' },
  {
    step: 'fulfilled',
    system: 'shopify',
    kinds: ['fulfillment'],
    done: 'Fulfilled in Shopify with tracking',
    notYet: 'Not yet fulfilled in Shopify',
  },
];

const refundStep: StepDefinition = {
  step: 'refunded',
  system: 'bc',
  kinds: ['creditMemo'],
  done: 'Refund booked as a credit memo in Business Central',
  notYet: 'Refund not yet in Business Central',
};

/** Flows whose records are part of an order's journey. */
const orderFlows = new Set(['orders', 'release', 'shipments', 'returns', 'refunds']);

export function describeProgress(record: Pick<LedgerRecord, 'flow'>, trail: readonly Link[]): ProgressStep[] {
  if (!orderFlows.has(record.flow)) return [];
  const has = (definition: StepDefinition) =>
    trail.filter((link) => link.system === definition.system && definition.kinds.includes(link.kind));
  const steps = [...orderSteps, ...(has(refundStep).length > 0 || record.flow === 'refunds' ? [refundStep] : [])];
  return steps.map((definition) => {
    const links = has(definition);
    const references = [...new Set(links.map((link) => link.label ?? link.externalId))];
    return {
      step: definition.step,
      label: links.length > 0 ? definition.done : definition.notYet,
      done: links.length > 0,
      reference: references.length > 0 ? references.join(', ') : null,
    };
  });
}

/** When the record entered its current state: the latest history entry that moved it there. */
export function stateSinceOf(
  record: Pick<LedgerRecord, 'state' | 'createdAt' | 'updatedAt'>,
  history: readonly AuditEntry[],
): string | null {
  const entered = [...history].reverse().find((entry) => entry.toState === record.state && entry.fromState !== record.state);
  if (entered) return new Date(entered.at).toISOString();
  return record.state === 'received' ? record.createdAt.toISOString() : null;
}
