/**
 * Why Mintsoft refused a create. Its refusals are free text (`Success: false` and a `Message`),
 * and no published source gives the wording, so the wording is the last resort: the adapter
 * first asks the API for a structured answer —
 *  - a duplicate: the record is there, found by its exact reference;
 *  - an unknown SKU: `GET /api/Product/LookupProductId` answers 404 (or no id) for it —
 * and only then matches the message against the configured patterns (`duplicatePattern`,
 * `unknownSkuPattern`), whose defaults are to be confirmed on a real Mintsoft account.
 */
import type { MintsoftContext } from './context.ts';
import { lookupProductId } from './products.ts';

/** The SKUs among `skus` the warehouse has no product for (each looked up once). */
export async function unknownSkus(ctx: MintsoftContext, skus: string[]): Promise<string[]> {
  const distinct = [...new Set(skus)];
  const ids = await Promise.all(distinct.map((sku) => lookupProductId(ctx, sku)));
  return distinct.filter((_, index) => ids[index] === null);
}

/** The wording fallback: does the message read as a duplicate? */
export function readsAsDuplicate(ctx: MintsoftContext, message: string): boolean {
  return new RegExp(ctx.config.duplicatePattern, 'i').test(message);
}

/** The wording fallback: the message reads as an unknown product; the SKU when the pattern captures it. */
export function readsAsUnknownSku(ctx: MintsoftContext, message: string): { sku: string | undefined } | null {
  const match = new RegExp(ctx.config.unknownSkuPattern, 'i').exec(message);
  if (!match) return null;
  return { sku: match.slice(1).find((group) => group !== undefined && group !== '') };
}
