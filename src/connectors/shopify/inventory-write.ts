/**
 * The hub's one stock write: absolute quantities with `inventorySetQuantities`, under
 * Shopify's 2026-04 rules. Every entry carries `changeFromQuantity` (compare-and-swap, or an
 * explicit null); every call carries `@idempotent(key:)`; no call holds more than 250
 * entries, so a larger write is split into parts, each keyed by a key derived from the
 * caller's (the same request always splits and keys the same way, so a retried job
 * resends identical parts under identical keys and Shopify applies none of them twice).
 */
import { createHash } from 'node:crypto';
import type { Clock } from '../../core/clock.ts';
import type {
  InventoryQuantityChange,
  SetInventoryQuantitiesRequest,
  SetInventoryQuantitiesResult,
} from '../../core/domain/channel-inventory.ts';
import type { ShopifyGraphqlClient } from './client.ts';
import { shopifyError } from './errors.ts';
import { inventorySetQuantities } from './inventory-documents.ts';
import { inventorySetQuantitiesResponse, type InventoryUserError } from './inventory-schemas.ts';

/** Shopify caps every input array at 250 items. */
export const maxQuantitiesPerCall = 250;

/** `upstreamCode` of the error a stale `changeFromQuantity` raises: re-read, then write again with a new key. */
export const staleQuantityCode = 'CHANGE_FROM_QUANTITY_STALE';

/** Waits before resending a key Shopify says is still being processed. */
const concurrentRetryDelaysMs = [250, 500, 1_000, 2_000, 4_000];

/**
 * The key of part `index` of `count`: the caller's own key when the write is one part, a
 * UUID-shaped hash of it otherwise (Shopify recommends UUIDs; a hash keeps the length fixed).
 */
export function partIdempotencyKey(key: string, index: number, count: number): string {
  if (count === 1) return key;
  const hex = createHash('sha256')
    .update(`${key}\u0000part ${index + 1} of ${count}`)
    .digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function splitIntoParts<T>(items: readonly T[], size = maxQuantitiesPerCall): T[][] {
  const parts: T[][] = [];
  for (let start = 0; start < items.length; start += size) parts.push(items.slice(start, start + size));
  return parts;
}

function checkRequest(request: SetInventoryQuantitiesRequest): void {
  const problems: string[] = [];
  if (!request.idempotencyKey?.trim()) problems.push('idempotencyKey is required (one per logical write, kept with the job)');
  if (!request.quantities.length) problems.push('quantities is empty');
  request.quantities.forEach((entry, index) => {
    // JavaScript callers can omit it; Shopify refuses that since 2026-04. Null must be said.
    if (entry.changeFromQuantity === undefined)
      problems.push(`quantities[${index}].changeFromQuantity is missing: pass the quantity last read, or null to skip the check`);
    if (!Number.isInteger(entry.quantity)) problems.push(`quantities[${index}].quantity must be an integer`);
  });
  if (problems.length) throw shopifyError('invalid_request', `setInventoryQuantities: ${problems.join('; ')}`);
}

/** The most telling error first: what the caller should do depends on it. */
const errorPriority = [
  'IDEMPOTENCY_CONCURRENT_REQUEST',
  staleQuantityCode,
  'IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED',
  'IDEMPOTENCY_KEY_PARAMETER_MISMATCH',
];

function refusal(errors: InventoryUserError[], part: { index: number; count: number; offset: number; appliedGroupIds: string[] }) {
  const ranked = [...errors].sort((a, b) => rank(a.code) - rank(b.code));
  const code = ranked[0]?.code ?? undefined;
  const entries = errors.map((error) => {
    // Shopify names the entry by its index within the part; the caller knows its own index.
    const position = error.field?.[0] === 'input' && error.field[1] === 'quantities' ? Number(error.field[2]) : Number.NaN;
    return { ...error, entryIndex: Number.isInteger(position) ? part.offset + position : null };
  });
  const advice =
    code === 'IDEMPOTENCY_CONCURRENT_REQUEST'
      ? 'Shopify is still applying an earlier send of this key: retry the same write, same key, later'
      : code === staleQuantityCode
        ? 're-read the quantities and write again with a new idempotency key'
        : code === 'IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED'
          ? 'this key belongs to a failed attempt: write again with a new idempotency key'
          : code === 'IDEMPOTENCY_KEY_PARAMETER_MISMATCH'
            ? 'the idempotency key was used before for a different write: every logical write needs its own key'
            : 'fix the entries named and write again with a new idempotency key';
  const applied = part.index === 0 ? 'no part applied' : `parts 1–${part.index} applied (${part.appliedGroupIds.join(', ')})`;
  const detail = entries
    .map(
      (entry) => `${entry.entryIndex === null ? (entry.field?.join('.') ?? 'input') : `quantities[${entry.entryIndex}]`}: ${entry.message}`,
    )
    .join('; ');
  // A stale quantity or a key already spent is a conflict with Shopify's state; anything else is a bad request.
  const conflict =
    code === staleQuantityCode || code === 'IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED' || code === 'IDEMPOTENCY_CONCURRENT_REQUEST';
  return shopifyError(
    conflict ? 'conflict' : 'invalid_request',
    `Shopify inventorySetQuantities refused part ${part.index + 1} of ${part.count} (${applied}): ${detail}; ${advice}`,
    {
      upstreamCode: code,
      upstreamBody: { part: part.index + 1, parts: part.count, appliedAdjustmentGroupIds: part.appliedGroupIds, userErrors: entries },
      // Only a key still being processed is worth resending as is, a little later.
      retryable: code === 'IDEMPOTENCY_CONCURRENT_REQUEST',
      retryAfterMs: code === 'IDEMPOTENCY_CONCURRENT_REQUEST' ? 5_000 : undefined,
    },
  );
}

function rank(code: string | null): number {
  const index = errorPriority.indexOf(code ?? '');
  return index === -1 ? errorPriority.length : index;
}

export async function setInventoryQuantities(
  deps: { client: ShopifyGraphqlClient; clock: Clock },
  request: SetInventoryQuantitiesRequest,
): Promise<SetInventoryQuantitiesResult> {
  checkRequest(request);
  const parts = splitIntoParts(request.quantities);
  const adjustmentGroupIds: string[] = [];
  const changes: InventoryQuantityChange[] = [];
  for (const [index, part] of parts.entries()) {
    const variables = {
      idempotencyKey: partIdempotencyKey(request.idempotencyKey, index, parts.length),
      input: {
        name: request.name,
        reason: request.reason,
        referenceDocumentUri: request.referenceDocumentUri,
        quantities: part.map((entry) => ({
          inventoryItemId: entry.inventoryItemId,
          locationId: entry.locationId,
          quantity: entry.quantity,
          changeFromQuantity: entry.changeFromQuantity,
        })),
      },
    };
    for (let attempt = 0; ; attempt += 1) {
      // THROTTLED, 5xx and lost answers are resent by the client under the same key.
      const { data } = await deps.client.request(inventorySetQuantities, variables, inventorySetQuantitiesResponse);
      const payload = data.inventorySetQuantities;
      if (!payload) throw shopifyError('upstream_unavailable', 'inventorySetQuantities answered without a payload', { retryable: false });
      const concurrent = payload.userErrors.some((error) => error.code === 'IDEMPOTENCY_CONCURRENT_REQUEST');
      if (concurrent && attempt < concurrentRetryDelaysMs.length) {
        // The same key is still being applied by an earlier send: wait, then ask again.
        await deps.clock.sleep(concurrentRetryDelaysMs[attempt]!);
        continue;
      }
      if (payload.userErrors.length || !payload.inventoryAdjustmentGroup) {
        throw refusal(payload.userErrors, {
          index,
          count: parts.length,
          offset: index * maxQuantitiesPerCall,
          appliedGroupIds: adjustmentGroupIds,
        });
      }
      const group = payload.inventoryAdjustmentGroup;
      adjustmentGroupIds.push(group.id);
      for (const change of group.changes) {
        changes.push({
          inventoryItemId: change.item?.id ?? '',
          locationId: change.location?.id ?? '',
          name: change.name,
          delta: change.delta,
          quantityAfterChange: change.quantityAfterChange,
        });
      }
      break;
    }
  }
  return { adjustmentGroupIds, changes, batches: parts.length };
}
