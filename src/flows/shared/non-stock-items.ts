/** Which items of a BC order are not physical stock (services, non-inventory): the warehouse never ships them. */
import type { ErpItem, ErpSalesOrder } from '../../core/domain/erp.ts';

export async function nonStockItems(
  erp: { findItemByNumber(number: string): Promise<ErpItem | undefined> },
  order: Pick<ErpSalesOrder, 'lines'>,
): Promise<Set<string>> {
  const result = new Set<string>();
  for (const number of new Set(
    (order.lines ?? []).filter((line) => line.lineType === 'Item').map((line) => line.lineObjectNumber.toUpperCase()),
  )) {
    const item = await erp.findItemByNumber(number);
    if (item && item.type !== 'Inventory') result.add(number);
  }
  return result;
}
