/**
 * The warehouse emulator's own definitions of Mintsoft's wire, written from Mintsoft's
 * published API v1 models: the Swagger-generated PHP client `gpl-ajackson/mintsoft-client-php`
 * (docs/Model/*.md and the `attributeMap` of lib/Model/*.php, which give the PascalCase names).
 * Nothing here comes from the hub's adapter; test/contract/warehouse.contract.test.ts checks
 * the adapter's requests against these and the emulator's answers against the adapter's schemas.
 *
 * Request bodies are `z.object`: like ASP.NET model binding, a field the model does not know
 * is dropped, not refused. `strictRequest` gives the same shape refusing unknown fields, for
 * the contract test. Every field of the published models is optional; what the emulator
 * requires on top (an order number, a courier service, at least one line…) is its reading of
 * Mintsoft's behaviour, listed as assumed in README.md.
 */
import { LosslessNumber } from 'lossless-json';
import { z } from 'zod';

/** A JSON number, exact: integers as numbers, anything with a fraction as its text. */
const number = z.union([z.number(), z.instanceof(LosslessNumber)]);
const int = z.number().int();
const text = z.string();

/** ToolkitDataClasses.Orders.API.NewOrderItem. */
export const newOrderItem = z.object({
  SKU: text.min(1),
  ProductId: int.optional(),
  Quantity: int.positive(),
  Details: text.optional(),
  UnitPrice: number.optional(),
  UnitPriceVat: number.optional(),
  Discount: number.optional(),
  OrderItemNameValues: z.array(z.object({ Name: text, Value: text })).optional(),
  WarehouseId: int.optional(),
  RequestedSerialNo: text.optional(),
  RequestedBatchNo: text.optional(),
  RequestedBBEDate: text.optional(),
});

const address = {
  Title: text.nullish(),
  CompanyName: text.nullish(),
  FirstName: text.nullish(),
  LastName: text.nullish(),
  Address1: text.nullish(),
  Address2: text.nullish(),
  Address3: text.nullish(),
  Town: text.nullish(),
  County: text.nullish(),
  PostCode: text.nullish(),
  Email: text.nullish(),
  Phone: text.nullish(),
  Mobile: text.nullish(),
};

/** ToolkitDataClasses.Orders.API.NewOrderWithItems: the body of `PUT /api/Order`. */
export const newOrderWithItems = z.object({
  OrderItems: z.array(newOrderItem).min(1),
  OrderNameValues: z.array(z.object({ Name: text, Value: text })).optional(),
  OrderNumber: text.min(1),
  ExternalOrderReference: text.optional(),
  ...address,
  Country: text.min(2),
  CountryId: int.optional(),
  CourierService: text.min(1),
  CourierServiceId: int.optional(),
  Channel: text.optional(),
  ChannelId: int.optional(),
  Warehouse: text.optional(),
  WarehouseId: int,
  Currency: text.optional(),
  CurrencyId: int.optional(),
  DeliveryDate: text.optional(),
  DespatchDate: text.optional(),
  RequiredDeliveryDate: text.optional(),
  RequiredDespatchDate: text.optional(),
  Comments: text.optional(),
  DeliveryNotes: text.optional(),
  GiftMessages: text.optional(),
  VATNumber: text.optional(),
  EORINumber: text.optional(),
  PIDNumber: text.optional(),
  UKIMSNumber: text.optional(),
  IOSSNumber: text.optional(),
  OrderValue: number.optional(),
  ShippingTotalExVat: number.optional(),
  ShippingTotalVat: number.optional(),
  DiscountTotalExVat: number.optional(),
  DiscountTotalVat: number.optional(),
  TotalVat: number.optional(),
  ClientId: int.optional(),
  NumberOfParcels: int.optional(),
  RecipientType: text.optional(),
});

/**
 * The body of `POST /api/Order/{id}` (update order details). Assumed: the published client
 * types it as the order itself; the emulator takes the address and delivery fields only.
 */
export const orderUpdate = z.object({
  ...address,
  Country: text.optional(),
  CourierService: text.optional(),
  RequiredDespatchDate: text.nullish(),
  DeliveryNotes: text.nullish(),
});

/** ToolkitDataClasses.Orders.API.NewOrderConnectAction: `PUT /api/Order/{id}/ConnectActions`. */
export const newOrderConnectAction = z.object({
  Type: text,
  SourceOrderId: text.optional(),
  Complete: z.boolean().optional(),
  AccountId: int.optional(),
  ExtraCode1: text.optional(),
  ExtraCode2: text.optional(),
  ExtraCode3: text.optional(),
  ExtraCode4: text.optional(),
  ExtraCode5: text.optional(),
  ExtraFlag1: z.boolean().optional(),
  ExtraFlag2: z.boolean().optional(),
  Messages: text.optional(),
  ExtraDate1: text.optional(),
  Return: z.boolean().optional(),
  ReturnComplete: z.boolean().optional(),
});

/** ToolkitDataClasses.Stock.API.NewASNConnectAction: `PUT /api/ASN/{id}/ConnectActions`. No `Complete`. */
export const newAsnConnectAction = z.object({
  Type: text,
  SourceASNId: text.optional(),
  AccountId: int.optional(),
  ExtraCode1: text.optional(),
  ExtraCode2: text.optional(),
  ExtraCode3: text.optional(),
  ExtraCode4: text.optional(),
});

/** ToolkitDataClasses.Stock.API.NewASNItem. */
export const newAsnItem = z.object({
  ProductId: int.optional(),
  SKU: text.min(1),
  Quantity: int.positive(),
  SourceLineId: text.optional(),
  SSCCNumber: text.optional(),
});

/** ToolkitDataClasses.Stock.API.NewASN: the body of `PUT /api/ASN`. */
export const newAsn = z.object({
  WarehouseId: int,
  POReference: text.min(1),
  Supplier: text.min(1),
  SupplierNotes: text.optional(),
  EstimatedDelivery: text.min(1),
  Comments: text.optional(),
  GoodsInType: text.min(1),
  Quantity: int.nonnegative().optional(),
  ProductSupplierId: int.optional(),
  ClientId: int.optional(),
  Items: z.array(newAsnItem).min(1),
});

/**
 * The part of ToolkitDataClasses.Stock.Product the emulator keeps: the body of `PUT /api/Product`
 * (create) and `POST /api/Product` (update, with `ID`).
 */
export const productBody = z.object({
  ID: int.optional(),
  SKU: text.min(1),
  Name: text.min(1),
  Description: text.optional(),
  CustomsDescription: text.optional(),
  EAN: text.optional(),
  UPC: text.optional(),
  CountryOfManufactureId: int.optional(),
  CommodityCode: z.object({ Code: text }).optional(),
  Weight: number,
  ClientId: int.optional(),
});

/** The same request shape, refusing any field the published model does not have. */
export function strictRequest<T extends z.ZodObject>(schema: T): z.ZodType {
  const shape = Object.fromEntries(
    Object.entries(schema.shape as Record<string, z.ZodType>).map(([key, field]) => [key, strictField(field)]),
  );
  return z.strictObject(shape);
}

function strictField(field: z.ZodType): z.ZodType {
  if (field instanceof z.ZodOptional) return strictField(field.unwrap() as z.ZodType).optional();
  if (field instanceof z.ZodNullable) return strictField(field.unwrap() as z.ZodType).nullable();
  if (field instanceof z.ZodArray) return z.array(strictField(field.element as z.ZodType));
  if (field instanceof z.ZodObject) return strictRequest(field);
  return field;
}

export type NewOrderBody = z.output<typeof newOrderWithItems>;
export type OrderUpdateBody = z.output<typeof orderUpdate>;
export type NewAsnBody = z.output<typeof newAsn>;
export type ProductBody = z.output<typeof productBody>;
export type OrderConnectAction = z.output<typeof newOrderConnectAction>;
export type AsnConnectAction = z.output<typeof newAsnConnectAction>;

/* Answers: the fields of Mintsoft's read models that the emulator fills. */

type Decimal = LosslessNumber | number | null;
type Text = string | null;

/** ToolkitDataClasses.Orders.OrderItem. */
export interface OrderItem {
  ID: number;
  OrderId: number;
  ProductId: number;
  SKU: string;
  Quantity: number;
  Allocated: number;
  OnBackOrder: number;
  Price: Decimal;
}

/** ToolkitDataClasses.Orders.Order. */
export interface Order {
  ID: number;
  ClientId: number;
  OrderNumber: string;
  ExternalOrderReference: Text;
  OrderDate: Text;
  DespatchDate: Text;
  RequiredDespatchDate: Text;
  FirstName: Text;
  LastName: Text;
  CompanyName: Text;
  Address1: Text;
  Address2: Text;
  Town: Text;
  County: Text;
  PostCode: Text;
  Email: Text;
  Phone: Text;
  CountryId: number | null;
  OrderStatusId: number;
  OrderStatus: Text;
  NumberOfParcels: number | null;
  TotalWeight: Decimal;
  OrderValue: Decimal;
  Part: number | null;
  NumberOfParts: number | null;
  CourierServiceName: Text;
  TrackingNumber: Text;
  TrackingURL: Text;
  WarehouseId: number;
  OrderItems: OrderItem[] | null;
  LastUpdated: Text;
}

/** ToolkitDataClasses.Orders.API.NewOrderResult: one per order part created. */
export interface NewOrderResult {
  OrderId: number | null;
  OrderNumber: Text;
  Success: boolean;
  OrderStatusId: number | null;
  OrderStatus: Text;
  Message: Text;
}

/** ToolkitDataClasses.Orders.OrderSplit. */
export interface OrderSplit {
  ID: number;
  OrderId: number;
  Order: Order | null;
  SplitOrderId: number;
  SplitOrder: Order | null;
  LastUpdated: Text;
}

/** ToolkitDataClasses.Common.ToolkitResult. */
export interface ToolkitResult {
  ID?: number | null;
  Success: boolean;
  Message: Text;
  WarningMessage?: Text;
}

/** ToolkitDataClasses.Stock.Product (the fields filled). */
export interface Product {
  ID: number;
  SKU: string;
  Name: Text;
  Description: Text;
  CustomsDescription: Text;
  EAN: Text;
  UPC: Text;
  CountryOfManufactureId: number | null;
  CountryOfManufacture: { ID: number; Code: string; Code3: Text; Name: Text } | null;
  CommodityCode: { Code: Text } | null;
  Weight: Decimal;
  ClientId: number;
  LastUpdated: Text;
}

/** ToolkitDataClasses.Stock.API.StockLevel with its StockLevelBreakdown. */
export interface StockLevel {
  ProductId: number;
  WarehouseId: number;
  ClientId: number;
  SKU: string;
  Level: number;
  TotalStockLevel: number;
  Breakdown: { Quantity: number; BatchNo: Text; SerialNo: Text; BestBefore: Text; Type: Text }[] | null;
  LastUpdated: Text;
}

/** ToolkitDataClasses.Stock.StockFlow. */
export interface StockFlow {
  ID: number;
  ProductId: number;
  WarehouseId: number;
  SKU: Text;
  Quantity: number;
  Flow: string;
  Reason: Text;
  StockLevel: number | null;
  OnHand: number | null;
  OrderId: number | null;
  LastUpdated: Text;
}

/** ToolkitDataClasses.Stock.ASN with its ASNItem (`QuantityReceieved`: sic, Mintsoft's spelling). */
export interface Asn {
  ID: number;
  POReference: string;
  Supplier: Text;
  EstimatedDelivery: Text;
  BookedInDate: Text;
  ASNStatusId: number;
  ASNStatus: { ID: number; Name: Text };
  WarehouseId: number;
  ClientId: number;
  Items:
    | {
        ID: number;
        ProductId: number;
        SKU: string;
        QuantityExpected: number;
        QuantityReceieved: number;
        QuantityBooked: number;
        Complete: boolean;
        SourceLineId: Text;
      }[]
    | null;
  LastUpdated: Text;
}

/** ToolkitDataClasses.Returns.ReturnItem. */
export interface ReturnItem {
  ID: number;
  ReturnId: number;
  ProductId: number;
  SKU: Text;
  Quantity: number;
  ReturnReasonId: number | null;
  ReturnReasonName: Text;
  StockAction: Text;
  ReturnedToStock: boolean;
  LeftToPutAway: number;
}

/** ToolkitDataClasses.Returns.Return. */
export interface Return {
  ID: number;
  OrderId: number | null;
  OrderNumber: Text;
  Reference: Text;
  Confirmed: boolean;
  Refunded: boolean;
  Exchanged: boolean;
  ClientId: number;
  ReturnItems: ReturnItem[] | null;
  LastUpdated: Text;
}
