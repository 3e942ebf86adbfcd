/**
 * Mintsoft's wire shapes for products, stock, ASNs, returns and reference data (the order
 * shapes are in schemas.ts, which re-exports these). Same sources and rules as there.
 */
import { z } from 'zod';
import { wireNumber } from './schemas-common.ts';

const int = z.number().int();
const text = z.string().nullish();
const dateTime = z.string().nullish();

export const countryWire = z.looseObject({ ID: int, Code: z.string(), Code3: text, Name: text });
export const warehouseWire = z.looseObject({ ID: int, Name: text, Code: text });

export const productWire = z.looseObject({
  ID: int,
  SKU: z.string(),
  Name: text,
  Description: text,
  CustomsDescription: text,
  EAN: text,
  UPC: text,
  CountryOfManufactureId: int.nullish(),
  CountryOfManufacture: countryWire.partial().nullish(),
  CommodityCode: z.looseObject({ Code: text }).nullish(),
  Weight: wireNumber.nullish(),
  ClientId: int.nullish(),
  LastUpdated: dateTime,
});

/** Body of `PUT /api/Product` (create) and `POST /api/Product` (update, with `ID`). */
export const productBodyWire = z.looseObject({
  ID: int.optional(),
  SKU: z.string().min(1),
  Name: z.string().min(1),
  Description: z.string().optional(),
  CustomsDescription: z.string().optional(),
  EAN: z.string().optional(),
  CountryOfManufactureId: int.optional(),
  CommodityCode: z.looseObject({ Code: z.string() }).optional(),
  Weight: wireNumber,
  ClientId: int.optional(),
});

export const newProductResultWire = z.looseObject({ ProductId: int.nullish(), SKU: text, Success: z.boolean(), Message: text });
/** `POST /api/Product` answers a result like the commands', read leniently (its shape is not documented). */
export const productUpdateResultWire = z.looseObject({ ID: int.nullish(), Success: z.boolean().nullish(), Message: text });

export const stockLevelWire = z.looseObject({
  ProductId: int,
  WarehouseId: int.nullish(),
  ClientId: int.nullish(),
  SKU: z.string(),
  /** Mintsoft "On Hand". */
  Level: int,
  /** Mintsoft "Stock Level": on hand less allocated; quarantine is in neither. */
  TotalStockLevel: int,
  Breakdown: z.array(z.looseObject({ Quantity: int, BatchNo: text, SerialNo: text, BestBefore: text, Type: text })).nullish(),
  LastUpdated: dateTime,
});

export const stockFlowWire = z.looseObject({
  ID: int,
  ProductId: int.nullish(),
  WarehouseId: int.nullish(),
  SKU: text,
  Quantity: int,
  /** `IN`, `OUT`, `ALLOCATE`, `UNALLOCATE`, `TRANSFER`, `SCRAP`. */
  Flow: z.string(),
  Reason: text,
  StockLevel: int.nullish(),
  OnHand: int.nullish(),
  OrderId: int.nullish(),
  LastUpdated: dateTime,
});

export const asnItemWire = z.looseObject({
  ID: int.nullish(),
  ProductId: int.nullish(),
  SKU: z.string(),
  QuantityExpected: int,
  /** Sic: Mintsoft's spelling. */
  QuantityReceieved: int.nullish(),
  QuantityBooked: int.nullish(),
  Complete: z.boolean().nullish(),
  SourceLineId: text,
});

export const asnWire = z.looseObject({
  ID: int,
  POReference: z.string(),
  Supplier: text,
  EstimatedDelivery: dateTime,
  BookedInDate: dateTime,
  ASNStatusId: int,
  ASNStatus: z.looseObject({ ID: int.nullish(), Name: text }).nullish(),
  WarehouseId: int.nullish(),
  ClientId: int.nullish(),
  Items: z.array(asnItemWire).nullish(),
  LastUpdated: dateTime,
});

/** Body of `PUT /api/ASN`. */
export const newAsnWire = z.looseObject({
  WarehouseId: int,
  POReference: z.string().min(1),
  Supplier: z.string().min(1),
  EstimatedDelivery: z.string().min(1),
  Comments: z.string(),
  GoodsInType: z.string().min(1),
  Quantity: int.nonnegative(),
  ClientId: int.optional(),
  Items: z.array(z.looseObject({ SKU: z.string().min(1), Quantity: int.positive(), SourceLineId: z.string().optional() })).min(1),
});

export const returnItemWire = z.looseObject({
  ID: int.nullish(),
  ReturnId: int.nullish(),
  ProductId: int.nullish(),
  SKU: text,
  Quantity: int,
  ReturnReasonId: int.nullish(),
  ReturnReasonName: text,
  Action: text,
  StockAction: text,
  ReturnedToStock: z.boolean().nullish(),
  LeftToPutAway: int.nullish(),
  Comments: text,
});

export const returnWire = z.looseObject({
  ID: int,
  OrderId: int.nullish(),
  OrderNumber: text,
  Reference: text,
  Confirmed: z.boolean().nullish(),
  Refunded: z.boolean().nullish(),
  Exchanged: z.boolean().nullish(),
  ClientId: int.nullish(),
  ReturnItems: z.array(returnItemWire).nullish(),
  LastUpdated: dateTime,
});

export const returnReasonWire = z.looseObject({ ID: int, Name: z.string(), StockAction: text, Active: z.boolean().nullish() });
