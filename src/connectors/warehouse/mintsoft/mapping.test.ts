/**
 * Pure mappings: the status table (reference §2.4, failure mode F9), shipments from
 * despatched parts, order bodies, the aggregate status, and cursors.
 */
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../core/logger.ts';
import { summariseOrderStatus } from '../../../core/domain/warehouse.ts';
import type { MintsoftClient } from './client.ts';
import { parseMintsoftConfig } from './config.ts';
import { stringifyMintsoftJson } from './json.ts';
import { buildNewOrderBody, mapShipment, splitName } from './map-order.ts';
import { advanceCursor, decodeCursor, encodeCursor } from './paging.ts';
import type { OrderWire } from './schemas.ts';
import { hubStatusByMintsoftName, OrderStatusBook } from './statuses.ts';
import { warehouseOrder } from '../test-support/orders.ts';

const config = parseMintsoftConfig({
  warehouseId: 3,
  clientId: 12,
  couriers: [{ shippingMethod: 'standard', courierService: 'Royal Mail Tracked 48', carrier: 'Royal Mail', service: 'Tracked 48' }],
});

describe('Mintsoft order statuses', () => {
  it.each([
    ['NEW', 'released'],
    ['PRINTED', 'released'],
    ['AWAITINGPICKING', 'released'],
    ['PICKINGSTARTED', 'picking'],
    ['PACKANDHOLD', 'packed'],
    ['DESPATCHED', 'despatched'],
    ['INVOICED', 'despatched'],
    ['INVOICEDFAILED', 'despatched'],
    ['HOLDING', 'exception'],
    ['ONBACKORDER', 'backordered'],
    ['AWAITINGCONFIRMATION', 'on_hold'],
    ['AWAITINGPAYMENT', 'on_hold'],
    ['AWAITINGDOCUMENTATION', 'on_hold'],
    ['AWAITINGADDITIONALITEM', 'on_hold'],
    ['QUERYRAISED', 'exception'],
    ['FAILED', 'rejected'],
    ['CANCELLED', 'cancelled'],
  ])('%s → %s', (name, status) => {
    expect(hubStatusByMintsoftName[name]).toBe(status);
  });

  it('an unknown name or id is an exception for an operator; overrides extend the table', () => {
    const book = new OrderStatusBook({} as MintsoftClient, { AWAITINGCOLLECTION: 'packed' }, silentLogger);
    expect(book.mapName('SOMETHINGNEW')).toBe('exception');
    expect(book.mapName('awaitingcollection')).toBe('packed');
    expect(book.resolveKnown(99)).toEqual({ name: '#99', status: 'exception' });
    // Only the documented ids are known before the table is read.
    expect(book.resolveKnown(1)).toEqual({ name: 'NEW', status: 'released' });
    expect(book.resolveKnown(5)).toEqual({ name: 'ONBACKORDER', status: 'backordered' });
  });

  it('the order as a whole: the least advanced open part speaks for it', () => {
    expect(summariseOrderStatus([{ status: 'despatched' }, { status: 'backordered' }])).toBe('backordered');
    expect(summariseOrderStatus([{ status: 'picking' }, { status: 'released' }])).toBe('released');
    expect(summariseOrderStatus([{ status: 'despatched' }, { status: 'cancelled' }])).toBe('despatched');
    expect(summariseOrderStatus([{ status: 'cancelled' }])).toBe('cancelled');
    expect(summariseOrderStatus([{ status: 'on_hold' }, { status: 'exception' }])).toBe('exception');
  });
});

const despatched: OrderWire = {
  ID: 100042,
  OrderNumber: 'SO-1',
  OrderStatusId: 3,
  DespatchDate: '2026-11-23T10:15:00.5',
  TrackingNumber: 'RM1, RM2',
  TrackingURL: 'https://track.example/RM1',
  NumberOfParcels: 2,
  CourierServiceName: 'Royal Mail Tracked 48',
  Part: 2,
  NumberOfParts: 2,
  OrderItems: [
    { SKU: 'TEE-ORG-M', Quantity: 2, OnBackOrder: 0 },
    { SKU: 'CAP-CANVAS', Quantity: 1, OnBackOrder: 1 },
  ],
};
const asDespatched = () => ({ name: 'DESPATCHED', status: 'despatched' as const });

describe('shipments from despatched parts', () => {
  it('one shipment per part: parcels per tracking number, carrier mapped back, zone-less dates read as UTC', () => {
    expect(mapShipment(despatched, asDespatched, config)).toEqual({
      id: '100042',
      orderReference: 'SO-1',
      wmsOrderId: '100042',
      partNumber: 2,
      partCount: 2,
      despatchedAt: '2026-11-23T10:15:00.500Z',
      carrier: 'Royal Mail',
      service: 'Tracked 48',
      parcels: [
        { trackingNumber: 'RM1', trackingUrl: 'https://track.example/RM1' },
        { trackingNumber: 'RM2', trackingUrl: null },
      ],
      trackingNumbers: ['RM1', 'RM2'],
      trackingUrls: ['https://track.example/RM1'],
      lines: [{ sku: 'TEE-ORG-M', quantity: 2 }],
    });
  });

  it('three parcels under one consignment number; no shipment for a part not despatched', () => {
    const shipment = mapShipment({ ...despatched, TrackingNumber: 'CN9', NumberOfParcels: 3, TrackingURL: null }, asDespatched, config);
    expect(shipment?.parcels).toEqual([1, 2, 3].map(() => ({ trackingNumber: 'CN9', trackingUrl: null })));
    expect(mapShipment(despatched, () => ({ name: 'NEW', status: 'released' }), config)).toBeNull();
  });
});

describe('order bodies', () => {
  it('the hub reference is the OrderNumber; money goes out as exact numbers; unmapped methods use AUTO', () => {
    const body = buildNewOrderBody(
      warehouseOrder('SO-77', [['TEE-ORG-M', 2]], { orderValue: '48.10', shippingMethod: 'OVERNIGHT' }),
      config,
    );
    expect(body).toMatchObject({
      OrderNumber: 'SO-77',
      ExternalOrderReference: '#77',
      WarehouseId: 3,
      ClientId: 12,
      CourierService: 'AUTO',
      Country: 'GB',
      FirstName: 'Amelia',
      LastName: 'Hughes',
    });
    expect(stringifyMintsoftJson(body)).toContain('"OrderValue":48.10');
    expect(buildNewOrderBody(warehouseOrder('SO-78', [['X', 1]], { shippingMethod: 'STANDARD' }), config).CourierService).toBe(
      'Royal Mail Tracked 48',
    );
    expect(splitName('Cher')).toEqual({ FirstName: 'Cher', LastName: '' });
  });
});

describe('feed cursors', () => {
  it('round-trips, resumes at a page, and never moves backwards', () => {
    const start = decodeCursor(null, 1_000_000, 1_000);
    expect(start).toEqual({ since: 999_000 });
    const paging = advanceCursor(start, 999_500, 3);
    expect(paging.hasMore).toBe(true);
    expect(decodeCursor(paging.cursor, 0, 0)).toEqual({ since: 999_000, page: 3, high: 999_500 });
    const done = advanceCursor(decodeCursor(paging.cursor, 0, 0), 999_400, null);
    expect(decodeCursor(done.cursor, 0, 0)).toEqual({ since: 999_500 });
    expect(decodeCursor(encodeCursor({ since: 5 }), 0, 0)).toEqual({ since: 5 });
  });
});

describe('configuration', () => {
  it('defaults the base URL and names every wrong path', () => {
    expect(config.baseUrl).toBe('https://api.mintsoft.co.uk');
    expect(() => parseMintsoftConfig({ warehouseId: 0, callback: { url: 'not a url', secret: 'short' } })).toThrow(
      /warehouseId.*callback\.url.*callback\.secret/s,
    );
  });
});
