/**
 * `inventorySetQuantities` as Shopify runs it from 2026-04: an idempotency key is required
 * (the resolver checks the directive), every entry must say `changeFromQuantity` (a number
 * to compare and swap, or an explicit null to skip the check), and the whole call is applied
 * or refused as one. The same key with the same variables answers the first result without
 * writing again; with other variables it is a mismatch; after a refused attempt it says so.
 */
import { createHash } from 'node:crypto';
import type { AdjustmentGroupRecord, InventoryChangeRecord } from './after-sale-records.ts';
import { parseGid, type InventoryLevelRecord } from './records.ts';
import type { EmulatedShop } from './shop.ts';

export interface QuantityInput {
  inventoryItemId: string;
  locationId: string;
  quantity: number;
  /** Absent is not the same as null: graphql-js leaves an omitted field out of the object. */
  changeFromQuantity?: number | null;
}

export interface SetQuantitiesInput {
  name: string;
  reason: string;
  referenceDocumentUri?: string | null;
  quantities: QuantityInput[];
}

export interface SetQuantitiesUserError {
  field: string[];
  message: string;
  code: string | null;
}

export type SetQuantitiesResult = { group: AdjustmentGroupRecord; userErrors: [] } | { group: null; userErrors: SetQuantitiesUserError[] };

/** The reasons Shopify lists for inventory changes. */
export const inventoryReasons = [
  'correction',
  'cycle_count_available',
  'damaged',
  'movement_canceled',
  'movement_created',
  'movement_received',
  'movement_updated',
  'other',
  'promotion',
  'quality_control',
  'received',
  'reservation_created',
  'reservation_deleted',
  'reservation_updated',
  'restock',
  'safety_stock',
  'shrinkage',
];

const maxQuantity = 1_000_000_000;

function fingerprintOf(input: SetQuantitiesInput): string {
  const canonical = {
    name: input.name,
    reason: input.reason,
    referenceDocumentUri: input.referenceDocumentUri ?? null,
    quantities: input.quantities.map((entry) => [
      entry.inventoryItemId,
      entry.locationId,
      entry.quantity,
      'changeFromQuantity' in entry ? entry.changeFromQuantity : 'absent',
    ]),
  };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

function isUri(value: string): boolean {
  try {
    return Boolean(new URL(value).protocol);
  } catch {
    return false;
  }
}

function currentValue(level: InventoryLevelRecord, name: string): number {
  return name === 'on_hand' ? level.available + level.committed : level.available;
}

function validate(shop: EmulatedShop, input: SetQuantitiesInput): { errors: SetQuantitiesUserError[]; levels: InventoryLevelRecord[] } {
  const errors: SetQuantitiesUserError[] = [];
  const levels: InventoryLevelRecord[] = [];
  if (input.name !== 'available' && input.name !== 'on_hand')
    errors.push({ field: ['input', 'name'], message: "The quantity name must be either 'available' or 'on_hand'.", code: 'INVALID_NAME' });
  if (!inventoryReasons.includes(input.reason))
    errors.push({
      field: ['input', 'reason'],
      message: `The reason must be one of ${inventoryReasons.join(', ')}.`,
      code: 'INVALID_REASON',
    });
  if (input.referenceDocumentUri != null && !isUri(input.referenceDocumentUri)) {
    errors.push({
      field: ['input', 'referenceDocumentUri'],
      message: 'The reference document URI is not a valid URI.',
      code: 'INVALID_REFERENCE_DOCUMENT',
    });
  }
  const seen = new Set<string>();
  input.quantities.forEach((entry, index) => {
    const field = (name: string) => ['input', 'quantities', String(index), name];
    const itemId = parseGid(entry.inventoryItemId, 'InventoryItem');
    const item = itemId === undefined ? undefined : shop.inventoryItems.get(itemId);
    const locationId = parseGid(entry.locationId, 'Location');
    const location = shop.locations.find((candidate) => candidate.id === locationId);
    if (!item)
      return errors.push({
        field: field('inventoryItemId'),
        message: 'The specified inventory item could not be found.',
        code: 'INVALID_INVENTORY_ITEM',
      });
    if (!location)
      return errors.push({ field: field('locationId'), message: 'The specified location could not be found.', code: 'INVALID_LOCATION' });
    if (!item.tracked)
      return errors.push({
        field: field('inventoryItemId'),
        message: 'The inventory item is not tracked: its quantities cannot be changed.',
        code: 'NON_MUTABLE_INVENTORY_ITEM',
      });
    const level = shop.inventoryLevel(item.id, location.id);
    if (!level)
      return errors.push({
        field: field('locationId'),
        message: 'The inventory item is not stocked at the location.',
        code: 'INVALID_LOCATION',
      });
    const key = `${item.id}:${location.id}`;
    if (seen.has(key))
      return errors.push({
        field: field('inventoryItemId'),
        message: 'The combination of inventoryItemId and locationId must be unique.',
        code: 'NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR',
      });
    seen.add(key);
    if (entry.quantity < 0)
      return errors.push({ field: field('quantity'), message: "The quantity can't be negative.", code: 'INVALID_QUANTITY_NEGATIVE' });
    if (entry.quantity > maxQuantity)
      return errors.push({
        field: field('quantity'),
        message: `The quantity can't be higher than ${maxQuantity}.`,
        code: 'INVALID_QUANTITY_TOO_HIGH',
      });
    if (!('changeFromQuantity' in entry)) {
      // Shopify's code for this case is not documented; the emulator leaves it null rather than invent one.
      return errors.push({
        field: field('changeFromQuantity'),
        message: 'changeFromQuantity is required since 2026-04: pass the quantity you expect, or null to skip the check.',
        code: null,
      });
    }
    if (entry.changeFromQuantity != null && entry.changeFromQuantity !== currentValue(level, input.name)) {
      return errors.push({
        field: field('changeFromQuantity'),
        message: `The ${input.name} quantity is ${currentValue(level, input.name)}, not ${entry.changeFromQuantity}: it changed since it was read.`,
        code: 'CHANGE_FROM_QUANTITY_STALE',
      });
    }
    levels.push(level);
  });
  return { errors, levels };
}

export function setInventoryQuantities(shop: EmulatedShop, input: SetQuantitiesInput, idempotencyKey: string): SetQuantitiesResult {
  const fingerprint = fingerprintOf(input);
  const previous = shop.idempotencyKeys.get(idempotencyKey);
  if (previous) {
    if (previous.fingerprint !== fingerprint) {
      return {
        group: null,
        userErrors: [
          {
            field: ['input'],
            message: 'The idempotency key was already used with different parameters.',
            code: 'IDEMPOTENCY_KEY_PARAMETER_MISMATCH',
          },
        ],
      };
    }
    if (previous.outcome.kind === 'failed') {
      return {
        group: null,
        userErrors: [
          {
            field: ['input'],
            message: 'A previous attempt with this idempotency key failed; retry with a new key.',
            code: 'IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED',
          },
        ],
      };
    }
    return { group: previous.outcome.group, userErrors: [] };
  }
  const { errors, levels } = validate(shop, input);
  if (errors.length) {
    shop.idempotencyKeys.set(idempotencyKey, { fingerprint, outcome: { kind: 'failed' } });
    return { group: null, userErrors: errors };
  }
  const now = shop.timestamp();
  const changes: InventoryChangeRecord[] = [];
  const changed: InventoryLevelRecord[] = [];
  input.quantities.forEach((entry, index) => {
    const level = levels[index]!;
    const delta = entry.quantity - currentValue(level, input.name);
    // Setting `available` or `on_hand` moves both: the committed units stay as they are.
    level.available += delta;
    for (const name of input.name === 'on_hand' ? ['on_hand', 'available'] : ['available', 'on_hand']) {
      changes.push({
        itemId: level.inventoryItemId,
        locationId: level.locationId,
        name,
        delta,
        quantityAfterChange: currentValue(level, name),
      });
    }
    if (delta !== 0) {
      level.updatedAt = now;
      changed.push(level);
    }
  });
  const group: AdjustmentGroupRecord = {
    id: shop.nextId(),
    createdAt: now,
    reason: input.reason,
    referenceDocumentUri: input.referenceDocumentUri ?? null,
    changes,
  };
  shop.idempotencyKeys.set(idempotencyKey, { fingerprint, outcome: { kind: 'applied', group } });
  for (const level of changed) shop.publish({ topic: 'inventory_levels/update', level });
  return { group, userErrors: [] };
}
