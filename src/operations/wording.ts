/**
 * The product's words for people who are not developers: team names, record states, systems,
 * times and ages. The CLI and the dashboard both print these, so they are said one way.
 */
import { flowModules } from '../composition/flow-modules.ts';
import type { RecordKindWording } from '../flows/shared/flow-module.ts';
import type { AuditEntry, ExceptionCategory, ExceptionOwner, ExceptionSeverity, LedgerRecord, RecordState } from '../ledger/types.ts';

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

/**
 * Each record kind's own words (what a waiting record waits for, what "posted" means), from the
 * flow modules. Read on first use, not at load: flow modules import this file, so the list may
 * not be loaded yet when this one is.
 */
let kindWords: Record<string, RecordKindWording> | undefined;

function wordingOf(kind: string | undefined): RecordKindWording | undefined {
  kindWords ??= Object.assign({}, ...flowModules.map((module) => module.wording ?? {})) as Record<string, RecordKindWording>;
  return kind && Object.hasOwn(kindWords, kind) ? kindWords[kind] : undefined;
}

/** A record state in words; with the record's flow, a waiting record says what it waits for. */
export function stateWord(state: string, flow?: string): string {
  if (state === 'waiting') return wordingOf(flow)?.waiting ?? 'waiting';
  if (state === 'posted') return wordingOf(flow)?.posted ?? 'posted';
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

/** A time in a given zone with the zone named, e.g. "7 Dec 2026, 09:01 GMT" in Europe/London. */
export function formatTimeIn(value: Date | string | null | undefined, timeZone: string): string {
  if (!value) return '—';
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).formatToParts(new Date(value));
  const part = (type: string) => parts.find((item) => item.type === type)?.value ?? '';
  return `${part('day')} ${part('month')} ${part('year')}, ${part('hour')}:${part('minute')} ${part('timeZoneName')}`;
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

/** A code such as `missing_customs_data` as words: "missing customs data". */
export function codeWords(code: string): string {
  return code.replace(/[_-]+/g, ' ').trim();
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Who did it, as people say it: a person's name, "Shopify webhook (orders/create)", "the release flow". */
export function actorWords(actor: string): string {
  const webhook = /^shopify-webhook:(.+)$/.exec(actor);
  if (webhook) return `Shopify webhook ${webhook[1]}`;
  const flow = /^([a-z-]+)-(flow|poll|auto|watch)$/.exec(actor);
  if (flow) return `${flow[1]!.replace(/-/g, ' ')} ${flow[2] === 'flow' ? 'flow' : flow[2] === 'auto' ? 'auto-release' : flow[2]}`;
  return actor === 'hub' ? 'the hub' : actor;
}

/** Sentences for the reasons flows give when they move a record; others are said from their code. */
const historySentences: Record<string, string> = {
  received: 'Received',
  validated: 'Checked: complete and ready to post',
  posting: 'Posting started',
  sales_order_created: 'Sales order created in Business Central',
  still_failing: 'Tried again: still held by the same problem',
  released_again: 'Released again in Business Central, so looked at once more',
  nothing_for_the_warehouse: 'Nothing to send to the warehouse: every line ships from elsewhere or is not stock',
  reopened_in_bc: 'Not sent: the order was reopened in Business Central',
  bc_order_gone: 'Not sent: the order is no longer in Business Central',
  sending_to_warehouse: 'Being sent to the warehouse',
  warehouse_order_created: 'Order created at the warehouse',
  warehouse_order_adopted: 'Found already at the warehouse and taken over (not sent twice)',
  shipment_posted: 'Shipment posted in Business Central',
  waiting_for_posting_window: 'Waiting for the next posting window',
  cancelled_before_posting: 'Cancelled in Shopify before it was posted: nothing to post',
  cancelled_after_import: 'Cancelled in Shopify after it reached Business Central',
  changed_in_shopify_before_release: 'Changed in Shopify before it went to the warehouse',
  override: 'Corrected by an operator',
  overrides_set: 'Corrections set',
  transition: 'Moved on',
};

/** One history entry as a sentence in business words, with who did it and the state it left. */
export function describeHistoryEntry(
  entry: Pick<AuditEntry, 'action' | 'actor' | 'fromState' | 'toState' | 'detail'>,
  record?: Pick<LedgerRecord, 'sourceSystem' | 'flow'>,
): string {
  const by = actorWords(entry.actor);
  const source = record ? systemName(record.sourceSystem) : 'the source system';
  let text: string;
  if (entry.action === 'received') text = `Received from ${source}`;
  else if (entry.action === 'payload_changed')
    text = entry.detail?.previousHash ? `Changed in ${source}: the hub read the new version` : `Full details read from ${source}`;
  else if (entry.action === 'overrides_set') {
    const overrides = (entry.detail?.overrides ?? {}) as Record<string, string>;
    const list = Object.entries(overrides).map(([path, value]) => `${path} = ${value}`);
    text = `Corrections set${list.length ? `: ${list.join(', ')}` : ''}`;
  } else if (Object.hasOwn(historySentences, entry.action)) text = historySentences[entry.action]!;
  else if (entry.toState === 'exception') {
    // A hold names the problems it found, comma-separated codes.
    text = `Held: ${entry.action.split(',').map(codeWords).join('; ')}`;
  } else text = capitalise(codeWords(entry.action));
  const moved = entry.toState && entry.toState !== entry.fromState && entry.toState !== 'exception' && entry.action !== 'received';
  const now = moved ? ` Now ${stateWord(entry.toState!, record?.flow)}.` : '';
  return `${text}.${now} (${by})`;
}
