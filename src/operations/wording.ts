/**
 * The product's words for people who are not developers: team names, record states, systems,
 * times and ages. The CLI and the dashboard both print these, so they are said one way.
 */
import type { ExceptionCategory, ExceptionOwner, ExceptionSeverity, LedgerRecord, RecordState } from '../ledger/types.ts';

export const ownerNames: Record<ExceptionOwner, string> = {
  finance: 'Finance',
  operations: 'Operations',
  ecommerce: 'E-commerce',
  integration: 'Integration',
};

export const stateWords: Record<RecordState, string> = {
  received: 'received, not yet checked',
  validated: 'checked, about to post',
  waiting: 'waiting',
  posting: 'being posted',
  posted: 'posted',
  exception: 'held: needs attention',
  skipped: 'skipped, nothing to post',
};

export const systemNames: Record<string, string> = {
  shopify: 'Shopify',
  bc: 'Business Central',
  warehouse: 'Warehouse',
  hub: 'LedgerBridge',
};

export const severityWords: Record<ExceptionSeverity, string> = {
  info: 'For information',
  warning: 'Warning',
  error: 'Error',
  critical: 'Critical',
};

export const categoryWords: Record<ExceptionCategory, string> = {
  validation: 'incomplete or invalid data',
  mapping: 'missing mapping',
  master_data: 'master data',
  rate_limit: 'rate limit',
  conflict: 'conflict',
  orphan: 'nothing to match it to',
  drift: 'figures do not agree',
  upstream: 'another system failed',
  internal: 'the hub itself failed',
};

/** The word for a value, or the value itself; own keys only, so "constructor" stays "constructor". */
function lookUp(words: Record<string, string>, key: string): string {
  return Object.hasOwn(words, key) ? words[key]! : key;
}

export function ownerName(owner: string): string {
  return lookUp(ownerNames, owner);
}

/** What a waiting record waits for depends on its flow; other flows just wait. */
export const waitingWords: Record<string, string> = {
  orders: 'waiting for the next posting window',
  refunds: 'waiting for the refunded money to settle',
  returns: 'waiting for the warehouse inspection',
};

/** A record state in words; with the record's flow, a waiting record says what it waits for. */
export function stateWord(state: string, flow?: string): string {
  if (state === 'waiting') return flow && Object.hasOwn(waitingWords, flow) ? waitingWords[flow]! : 'waiting';
  return lookUp(stateWords, state);
}

export function systemName(system: string): string {
  return lookUp(systemNames, system);
}

export function severityWord(severity: string): string {
  return lookUp(severityWords, severity);
}

export function categoryWord(category: string): string {
  return lookUp(categoryWords, category);
}

export function formatTime(value: Date | string | null | undefined): string {
  if (!value) return '—';
  return new Date(value)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
}

export function formatAge(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 90) return `${seconds} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} days`;
}

/** "Shopify order #1042", or the source system and reference for other flows. */
export function describeSource(record: Pick<LedgerRecord, 'flow' | 'sourceSystem' | 'sourceRef' | 'sourceId'>): string {
  return record.flow === 'orders'
    ? `Shopify order ${record.sourceRef ?? record.sourceId}`
    : `${systemName(record.sourceSystem)} ${record.sourceRef ?? record.sourceId}`;
}

/** A created document's key as people say it: `bc.salesOrder.number` → "Business Central sales order number". */
export function describeTargetKey(key: string): string {
  const [first = '', ...rest] = key.split('.');
  const words = (text: string) =>
    text
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .replace(/[_-]+/g, ' ')
      .toLowerCase();
  if (Object.hasOwn(systemNames, first)) return [systemName(first), ...rest.map(words)].join(' ');
  return [first, ...rest]
    .map(words)
    .join(' ')
    .replace(/^./, (letter) => letter.toUpperCase());
}
