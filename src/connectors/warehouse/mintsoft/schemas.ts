/**
 * Mintsoft's wire shapes, with its PascalCase names, as documented by the public client
 * generated from Mintsoft's Swagger (API v1; `gpl-ajackson/mintsoft-client-php`, the
 * `attributeMap` of each model). The adapter validates answers with these schemas. The
 * warehouse emulator keeps its own definitions (emulators/warehouse/mintsoft-models.ts);
 * test/contract/warehouse.contract.test.ts checks each side against the other.
 * Objects are loose: Mintsoft sends many more fields.
 * Numbers with a fraction arrive as `LosslessNumber` (see json.ts); money never becomes a float.
 */
import { z } from 'zod';
import { wireNumber } from './schemas-common.ts';
import type {
  asnWire,
  countryWire,
  newAsnWire,
  newProductResultWire,
  productBodyWire,
  productWire,
  returnReasonWire,
  returnWire,
  stockFlowWire,
  stockLevelWire,
  warehouseWire,
} from './schemas-inventory.ts';

export * from './schemas-inventory.ts';
export { wireNumber } from './schemas-common.ts';

const int = z.number().int();
const text = z.string().nullish();
/** Mintsoft date-time, usually without a zone (read as UTC). */
const dateTime = z.string().nullish();

export const orderStatusWire = z.looseObject({ ID: int, Name: z.string(), ExternalName: text });

export const orderItemWire = z.looseObject({
  ID: int.nullish(),
  OrderId: int.nullish(),
  ProductId: int.nullish(),
  SKU: z.string(),
  Quantity: int,
  Allocated: int.nullish(),
  OnBackOrder: int.nullish(),
  Price: wireNumber.nullish(),
  Details: text,
});

const shipTo = {
  Title: text,
  FirstName: text,
  LastName: text,
  CompanyName: text,
  Address1: text,
  Address2: text,
  Address3: text,
  Town: text,
  County: text,
  PostCode: text,
  Email: text,
  Phone: text,
  Mobile: text,
};

/** `GET /api/Order/{id}`, `…/Search`, `…/List`, and the body of every order callback. */
export const orderWire = z.looseObject({
  ID: int,
  ClientId: int.nullish(),
  OrderNumber: z.string(),
  ExternalOrderReference: text,
  OrderDate: dateTime,
  DespatchDate: dateTime,
  RequiredDespatchDate: dateTime,
  ...shipTo,
  CountryId: int.nullish(),
  OrderStatusId: int,
  NumberOfParcels: int.nullish(),
  TotalWeight: wireNumber.nullish(),
  OrderValue: wireNumber.nullish(),
  Part: int.nullish(),
  NumberOfParts: int.nullish(),
  CourierServiceId: int.nullish(),
  CourierServiceName: text,
  TrackingNumber: text,
  TrackingURL: text,
  WarehouseId: int.nullish(),
  OrderItems: z.array(orderItemWire).nullish(),
  LastUpdated: dateTime,
});

/** `PUT /api/Order` answers an array of these: one per order it made (split orders: several). */
export const newOrderResultWire = z.looseObject({
  OrderId: int.nullish(),
  OrderNumber: text,
  Success: z.boolean(),
  OrderStatusId: int.nullish(),
  OrderStatus: text,
  Message: text,
});

/** `GET /api/Order/{id}/Splits`, and the body of the split callback (original and new order). */
export const orderSplitWire = z.looseObject({
  ID: int.nullish(),
  OrderId: int,
  Order: orderWire.nullish(),
  SplitOrderId: int,
  SplitOrder: orderWire.nullish(),
  LastUpdated: dateTime,
});

/** The generic answer of commands (`…/Cancel`, updates, ASN create). */
export const toolkitResultWire = z.looseObject({ ID: int.nullish(), Success: z.boolean(), Message: text, WarningMessage: text });

export const newOrderItemWire = z.looseObject({
  SKU: z.string().min(1),
  Quantity: int.positive(),
  UnitPrice: wireNumber.optional(),
  Details: z.string().optional(),
});

/** Body of `PUT /api/Order` (`NewOrderWithItems`). */
export const newOrderWire = z.looseObject({
  OrderNumber: z.string().min(1),
  ExternalOrderReference: z.string().optional(),
  ...shipTo,
  Country: z.string().min(2),
  WarehouseId: int,
  CourierService: z.string().min(1),
  Currency: z.string().optional(),
  ClientId: int.optional(),
  OrderValue: wireNumber.optional(),
  RequiredDespatchDate: z.string().optional(),
  DeliveryNotes: z.string().optional(),
  GiftMessages: z.string().optional(),
  VATNumber: z.string().optional(),
  EORINumber: z.string().optional(),
  IOSSNumber: z.string().optional(),
  OrderItems: z.array(newOrderItemWire).min(1),
});

/** Body of `POST /api/Order/{id}`: only what changes. */
export const updateOrderWire = z.looseObject({
  ...shipTo,
  Country: z.string().optional(),
  CourierService: z.string().optional(),
  RequiredDespatchDate: z.string().nullish(),
  DeliveryNotes: z.string().nullish(),
});

/** Body of `PUT /api/Order/{id}/ConnectActions`: the callback URLs, one per event. */
export const orderConnectActionWire = z.looseObject({
  Type: z.literal('API'),
  SourceOrderId: z.string().min(1),
  Complete: z.boolean(),
  /** Despatched. */
  ExtraCode1: z.string().optional(),
  /** Cancelled. */
  ExtraCode2: z.string().optional(),
  /** Delivered (tracking-events module only). */
  ExtraCode3: z.string().optional(),
  /** A full `Authorization` header value Mintsoft sends with each callback. */
  ExtraCode4: z.string().optional(),
  /** Split after creation. */
  ExtraCode5: z.string().optional(),
});

/** Mintsoft's NewASNConnectAction model has no `Complete` (unlike the order's): none is sent. */
export const asnConnectActionWire = z.looseObject({
  Type: z.literal('API'),
  SourceASNId: z.string().min(1),
  /** Booked in (fully or partly: the documentation conflicts; poll either way). */
  ExtraCode1: z.string().optional(),
  ExtraCode4: z.string().optional(),
});

export type OrderWire = z.output<typeof orderWire>;
export type OrderItemWire = z.output<typeof orderItemWire>;
export type OrderStatusWire = z.output<typeof orderStatusWire>;
export type NewOrderResultWire = z.output<typeof newOrderResultWire>;
export type OrderSplitWire = z.output<typeof orderSplitWire>;
export type ProductWire = z.output<typeof productWire>;
export type StockLevelWire = z.output<typeof stockLevelWire>;
export type StockFlowWire = z.output<typeof stockFlowWire>;
export type AsnWire = z.output<typeof asnWire>;
export type ReturnWire = z.output<typeof returnWire>;
export type ReturnReasonWire = z.output<typeof returnReasonWire>;
export type CountryWire = z.output<typeof countryWire>;
export type NewOrderBody = z.input<typeof newOrderWire>;
export type UpdateOrderBody = z.input<typeof updateOrderWire>;
export type ProductBody = z.input<typeof productBodyWire>;
export type NewAsnBody = z.input<typeof newAsnWire>;
export type OrderConnectActionBody = z.input<typeof orderConnectActionWire>;
export type AsnConnectActionBody = z.input<typeof asnConnectActionWire>;

/** The input side of each answer schema: what a well-formed answer may hold. */
export type WireIn = {
  order: z.input<typeof orderWire>;
  orderStatus: z.input<typeof orderStatusWire>;
  newOrderResult: z.input<typeof newOrderResultWire>;
  orderSplit: z.input<typeof orderSplitWire>;
  toolkitResult: z.input<typeof toolkitResultWire>;
  product: z.input<typeof productWire>;
  newProductResult: z.input<typeof newProductResultWire>;
  stockLevel: z.input<typeof stockLevelWire>;
  stockFlow: z.input<typeof stockFlowWire>;
  asn: z.input<typeof asnWire>;
  return: z.input<typeof returnWire>;
  returnReason: z.input<typeof returnReasonWire>;
  country: z.input<typeof countryWire>;
  warehouse: z.input<typeof warehouseWire>;
};
