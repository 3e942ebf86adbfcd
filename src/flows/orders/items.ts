/**
 * Finds the BC item (and item variant) for each line: by SKU = item number, then by
 * "<item><separator><variant>" when SKUs encode variants, then by barcode = GTIN, as the
 * configuration allows. Lookups are shared between lines with the same SKU.
 */
import type { ChannelOrder, ChannelOrderLine } from '../../core/domain/channel-order.ts';
import type { ErpItem } from '../../core/domain/erp.ts';
import type { OrdersFlowConfig } from '../../config/schema.ts';
import type { OrdersErp } from './ports.ts';
import type { ResolvedItem } from './lines.ts';
import { activeLines } from './validate.ts';

export type ItemMatch = ResolvedItem & { blocked: boolean };

/** Per line id: the match, or undefined when nothing matches. Gift cards sold are not items. */
export interface ItemLookup {
  erp: Pick<OrdersErp, 'findItemByNumber' | 'findItemByGtin' | 'findItemVariant'>;
  config: Pick<OrdersFlowConfig, 'items'>;
}

export async function resolveItems(deps: ItemLookup, order: ChannelOrder): Promise<Map<string, ItemMatch | undefined>> {
  const byNumber = new Map<string, Promise<ErpItem | undefined>>();
  const findByNumber = (number: string) => {
    if (!byNumber.has(number)) byNumber.set(number, deps.erp.findItemByNumber(number));
    return byNumber.get(number)!;
  };
  const result = new Map<string, ItemMatch | undefined>();
  for (const { line } of activeLines(order)) {
    if (line.isGiftCard) continue;
    result.set(line.id, await matchLine(deps, line, findByNumber));
  }
  return result;
}

async function matchLine(
  deps: ItemLookup,
  line: ChannelOrderLine,
  findByNumber: (number: string) => Promise<ErpItem | undefined>,
): Promise<ItemMatch | undefined> {
  const { matchBy, variantSeparator } = deps.config.items;
  const sku = line.sku?.trim();
  if (sku && matchBy.includes('sku')) {
    const item = await findByNumber(sku);
    if (item) return { itemNumber: item.number, blocked: item.blocked };
    const cut = variantSeparator ? sku.lastIndexOf(variantSeparator) : -1;
    if (cut > 0 && deps.erp.findItemVariant) {
      const itemNumber = sku.slice(0, cut);
      const parent = await findByNumber(itemNumber);
      const variant = parent ? await deps.erp.findItemVariant(parent.number, sku.slice(cut + variantSeparator!.length)) : undefined;
      if (parent && variant) return { itemNumber: parent.number, itemVariantId: variant.id, blocked: parent.blocked };
    }
  }
  const barcode = line.barcode?.trim();
  if (barcode && matchBy.includes('barcode') && deps.erp.findItemByGtin) {
    const item = await deps.erp.findItemByGtin(barcode);
    if (item) return { itemNumber: item.number, blocked: item.blocked };
  }
  return undefined;
}
