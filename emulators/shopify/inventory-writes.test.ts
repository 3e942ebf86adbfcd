import { describe, expect, it } from 'vitest';
import { createShopifyEmulator } from './app.ts';
import type { ShopEvent } from './shop.ts';
import { graphqlCaller } from './testing/order-create.ts';
import { VirtualClock } from './testing/virtual-clock.ts';

const setQuantities = `
mutation Set($input: InventorySetQuantitiesInput!, $key: String!) {
  inventorySetQuantities(input: $input) @idempotent(key: $key) {
    inventoryAdjustmentGroup { id reason referenceDocumentUri changes { name delta quantityAfterChange item { id } location { id } } }
    userErrors { field message code }
  }
}`;
const withoutKey = setQuantities.replace('@idempotent(key: $key) ', '').replace(', $key: String!', '');

function setup() {
  const emulator = createShopifyEmulator({ clock: new VirtualClock(), seed: 3 });
  const call = graphqlCaller((path, init) => emulator.app.request(path, init), emulator.graphqlPath, emulator.accessToken);
  const events: ShopEvent[] = [];
  emulator.shop.onChange((event) => events.push(event));
  const variant = emulator.shop.variantBySku('TEE-ORG-S')!;
  const location = emulator.shop.locations[0]!;
  const level = () => emulator.shop.inventoryLevel(variant.inventoryItemId, location.id)!;
  const entry = (quantity: number, changeFromQuantity?: number | null) => ({
    inventoryItemId: `gid://shopify/InventoryItem/${variant.inventoryItemId}`,
    locationId: `gid://shopify/Location/${location.id}`,
    quantity,
    ...(changeFromQuantity === undefined ? {} : { changeFromQuantity }),
  });
  const input = (quantities: unknown[], reason = 'correction') => ({
    name: 'available',
    reason,
    referenceDocumentUri: 'gid://ledgerbridge/SyncJob/1',
    quantities,
  });
  return { emulator, call, events, level, entry, input };
}

describe('inventorySetQuantities in the emulator', () => {
  it('refuses a call without the @idempotent directive, as Shopify does from 2026-04', async () => {
    const { call, entry, input, level } = setup();
    const before = level().available;
    const { body } = await call(withoutKey, { input: input([entry(5, null)]) });
    expect(body.errors[0].message).toMatch(/@idempotent directive .* required for inventorySetQuantities/);
    expect(body.data.inventorySetQuantities).toBeNull();
    expect(level().available).toBe(before);
  });

  it('refuses more than 250 entries before running anything, without charging for it', async () => {
    const { call, entry, input } = setup();
    const { body } = await call(setQuantities, { key: 'k', input: input(Array.from({ length: 251 }, () => entry(1, null))) });
    expect(body.errors[0]).toMatchObject({
      message: 'The input array size of 251 is greater than the maximum allowed of 250.',
      extensions: { code: 'MAX_INPUT_SIZE_EXCEEDED' },
    });
    expect(body.extensions).toBeUndefined();
  });

  it('sets the quantity, answers the same result for the same key and variables, and writes once', async () => {
    const { call, entry, input, level, events } = setup();
    const committed = level().committed;
    const variables = { key: 'k-1', input: input([entry(77, level().available)]) };
    const first = await call(setQuantities, variables);
    const group = first.body.data.inventorySetQuantities.inventoryAdjustmentGroup;
    expect(group.changes.map((change: { name: string; quantityAfterChange: number }) => [change.name, change.quantityAfterChange])).toEqual(
      [
        ['available', 77],
        ['on_hand', 77 + committed],
      ],
    );
    expect(events.filter((event) => event.topic === 'inventory_levels/update')).toHaveLength(1);
    // A resend after a lost answer: identical variables, so the first result, and no second write.
    const again = await call(setQuantities, variables);
    expect(again.body.data.inventorySetQuantities.inventoryAdjustmentGroup.id).toBe(group.id);
    expect(events.filter((event) => event.topic === 'inventory_levels/update')).toHaveLength(1);
    const other = await call(setQuantities, { key: 'k-1', input: input([entry(78, null)]) });
    expect(other.body.data.inventorySetQuantities.userErrors[0].code).toBe('IDEMPOTENCY_KEY_PARAMETER_MISMATCH');
    expect(level().available).toBe(77);
  });

  it('compares and swaps on changeFromQuantity, requires it on every entry, and validates what it is given', async () => {
    const { call, entry, input, level, emulator } = setup();
    const stale = await call(setQuantities, { key: 'k-2', input: input([entry(10, level().available + 1)]) });
    expect(stale.body.data.inventorySetQuantities.userErrors).toEqual([
      expect.objectContaining({ code: 'CHANGE_FROM_QUANTITY_STALE', field: ['input', 'quantities', '0', 'changeFromQuantity'] }),
    ]);
    const omitted = await call(setQuantities, { key: 'k-3', input: input([entry(10)]) });
    expect(omitted.body.data.inventorySetQuantities.userErrors[0]).toMatchObject({
      field: ['input', 'quantities', '0', 'changeFromQuantity'],
      message: expect.stringMatching(/required/),
    });
    const bad = await call(setQuantities, {
      key: 'k-4',
      input: { ...input([entry(-1, null), { ...entry(2, null), locationId: 'gid://shopify/Location/1' }], 'because'), name: 'committed' },
    });
    expect(bad.body.data.inventorySetQuantities.userErrors.map((error: { code: string }) => error.code)).toEqual([
      'INVALID_NAME',
      'INVALID_REASON',
      'INVALID_QUANTITY_NEGATIVE',
      'INVALID_LOCATION',
    ]);
    const duplicate = await call(setQuantities, { key: 'k-5', input: input([entry(1, null), entry(2, null)]) });
    expect(duplicate.body.data.inventorySetQuantities.userErrors[0].code).toBe('NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR');
    const giftCard = {
      ...entry(1, null),
      inventoryItemId: `gid://shopify/InventoryItem/${emulator.shop.variantBySku('GIFT-CARD-25')!.inventoryItemId}`,
    };
    const untracked = await call(setQuantities, { key: 'k-6', input: input([giftCard]) });
    expect(untracked.body.data.inventorySetQuantities.userErrors[0].code).toBe('NON_MUTABLE_INVENTORY_ITEM');
  });
});
