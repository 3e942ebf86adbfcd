/**
 * The deterministic reference the hub writes on the BC order before creating it, and looks
 * up on any doubt. BC upper-cases `externalDocumentNumber` and allows 35 characters, so the
 * reference is built upper-case and within that length.
 */
import type { ChannelOrder } from '../../core/domain/channel-order.ts';

export const EXTERNAL_DOCUMENT_NUMBER_MAX = 35;

export function buildOrderReference(order: Pick<ChannelOrder, 'name' | 'legacyId'>, prefix: string): string {
  const number = order.name
    .replace(/^#/, '')
    .trim()
    .toUpperCase()
    .replace(/[^A-Z0-9-]/g, '');
  const fromName = `${prefix.toUpperCase()}${number}`;
  if (number && fromName.length <= EXTERNAL_DOCUMENT_NUMBER_MAX) return fromName;
  // An unusual order name: the numeric id is unique and always fits.
  return `${prefix.toUpperCase()}${order.legacyId}`.slice(0, EXTERNAL_DOCUMENT_NUMBER_MAX);
}
