/**
 * ASNs between the hub and Mintsoft, pure. ASN status ids are public (help article
 * "ASN statuses"): New 1, Awaiting Approval 2, Awaiting Delivery 3, BookedIn 4, Complete 6,
 * Part Booked 7, BookedIn-Partial 8, Delivered 9, Shipped 10, Late 11, Awaiting Putaway 12.
 * "Received" means booked into stock (`QuantityBooked`); the variance is against expected.
 */
import type { AsnStatus, WarehouseAsn, WarehouseAsnDraft } from '../../../core/domain/warehouse.ts';
import type { MintsoftConfig } from './config.ts';
import { toIsoOrNull } from './json.ts';
import type { AsnWire, NewAsnBody } from './schemas.ts';

export const asnStatusById: Record<number, { name: string; status: AsnStatus }> = {
  1: { name: 'New', status: 'expected' },
  2: { name: 'Awaiting Approval', status: 'expected' },
  3: { name: 'Awaiting Delivery', status: 'expected' },
  4: { name: 'BookedIn', status: 'received' },
  6: { name: 'Complete', status: 'received' },
  7: { name: 'Part Booked', status: 'receiving' },
  8: { name: 'BookedIn-Partial', status: 'received' },
  9: { name: 'Delivered', status: 'arrived' },
  10: { name: 'Shipped', status: 'expected' },
  11: { name: 'Late', status: 'expected' },
  12: { name: 'Awaiting Putaway', status: 'receiving' },
};

function statusOf(wire: AsnWire): { name: string; status: AsnStatus } {
  const name = wire.ASNStatus?.Name ?? asnStatusById[wire.ASNStatusId]?.name ?? `#${wire.ASNStatusId}`;
  if (/cancel/i.test(name)) return { name, status: 'cancelled' };
  return { name, status: asnStatusById[wire.ASNStatusId]?.status ?? 'expected' };
}

export function mapAsn(wire: AsnWire): WarehouseAsn {
  const { name, status } = statusOf(wire);
  const lines = (wire.Items ?? []).map((item) => {
    const received = item.QuantityBooked ?? item.QuantityReceieved ?? 0;
    return {
      lineRef: item.SourceLineId ?? null,
      sku: item.SKU,
      expected: item.QuantityExpected,
      received,
      variance: received - item.QuantityExpected,
    };
  });
  return {
    reference: wire.POReference,
    wmsAsnId: String(wire.ID),
    status,
    wmsStatus: name,
    hasVariance: status === 'received' && lines.some((line) => line.variance !== 0),
    bookedInAt: toIsoOrNull(wire.BookedInDate),
    lines,
    updatedAt: toIsoOrNull(wire.LastUpdated),
  };
}

export function buildNewAsnBody(draft: WarehouseAsnDraft, config: MintsoftConfig): NewAsnBody {
  return {
    WarehouseId: config.warehouseId,
    POReference: draft.reference,
    Supplier: draft.supplier,
    EstimatedDelivery: draft.expectedDate,
    Comments: draft.comments ?? '',
    GoodsInType: config.asnDefaults.goodsInType,
    Quantity: config.asnDefaults.packages,
    ClientId: config.clientId,
    Items: draft.lines.map((line) => ({ SKU: line.sku, Quantity: line.quantity, SourceLineId: line.lineRef })),
  };
}
