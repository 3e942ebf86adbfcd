/** What the stock-movements flow (and the stock reconciliation) need from BC and the warehouse. */
import type { ErpItem, ErpItemJournalLine, ErpStockLevel, ItemJournalLineDraft } from '../../core/domain/erp.ts';
import type { WarehousePort } from '../../connectors/warehouse/port.ts';

export interface StockErp {
  findItemByNumber(number: string): Promise<ErpItem | undefined>;
  /** Companion: adjustment lines in the batch; lines an earlier attempt left (or already posted) are adopted, not doubled. */
  createItemJournalLines(
    batch: string,
    lines: ItemJournalLineDraft[],
  ): Promise<{ created: ErpItemJournalLine[]; adopted: ErpItemJournalLine[]; alreadyPosted: ItemJournalLineDraft[] }>;
  postItemJournal(batch: string): Promise<void>;
  listItemJournalLines(batch: string): Promise<ErpItemJournalLine[]>;
  /** Companion: quantity on hand per item, variant and location. */
  getStockByLocation(filter?: { itemNumbers?: string[]; locationCodes?: string[] }): Promise<ErpStockLevel[]>;
}

export type StockWarehouse = Pick<WarehousePort, 'listStockMovementsSince' | 'getStockSnapshot'>;
