/**
 * The product's words for people who are not developers: team names, record states, systems,
 * times and ages. The CLI and the dashboard both print these, so they are said one way.
 */
import type { ExceptionCategory, ExceptionOwner, ExceptionSeverity, LedgerRecord, RecordState } from '../ledger/types.js';

export const ownerNames: Record<ExceptionOwner, string> = { finance: 'Finance', operations: 'Operations', ecommerce: 'E-commerce', integration: 'Integration' };

export const stateWords: Record<RecordState, string> = {
  received: 'received, not yet checked',
  validated: 'checked, about to post',
  waiting: 'waiting for the next posting window',
  posting: 'being posted',
  posted: 'posted',
  exception: 'held: needs attention',
  skipped: 'skipped, nothing to post',
};

export const systemNames: Record<string, string> = { shopify: 'Shopify', bc: 'Business Central', warehouse: 'Warehouse', hub: 'LedgerBridge' };

export const severityWords: Record<ExceptionSeverity, string> = { info: 'For information', warning: 'Warning', error: 'Error', critical: 'Critical' };

export const categoryWords: Record<ExceptionCategory, string> = {
  validation: 'incomplete or invalid data',
  mapping: 'missing mapping',
  master_data: 'master data',
  rate_limit: 'rate limit',
  conflict: 'conflict',
  orphan: 'nothing to match it to',
  drift: 'figures do not agree',
  upstream: 'another system failed',
};

export function ownerName(owner: string): string {
  return (ownerNames as Record<string, string>)[owner] ?? owner;
}

export function stateWord(state: string): string {
  return (stateWords as Record<string, string>)[state] ?? state;
}

export function systemName(system: string): string {
  return systemNames[system] ?? system;
}

export function formatTime(value: Date | string | null | undefined): string {
  if (!value) return '—';
  return new Date(value).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
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
  return record.flow === 'orders' ? `Shopify order ${record.sourceRef ?? record.sourceId}` : `${record.sourceSystem} ${record.sourceRef ?? record.sourceId}`;
}
