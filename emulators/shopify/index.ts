/** The Shopify emulator: see README.md beside this file. */
export { createShopifyEmulator, type FaultsInput, type GraphqlFaults, type OrderSummary, type ShopifyEmulator, type ShopifyEmulatorOptions } from './app.js';
export { startShopifyEmulator, type RunningShopifyEmulator, type StartShopifyEmulatorOptions } from './server.js';
export { defaultGeneratorMix, generateOrderDraft, type GeneratorMix } from './generator.js';
export type { OrderStream, OrderStreamOptions } from './order-stream.js';
export type { OrderDraft, DraftLine } from './place-order.js';
export { planLimits, type PlanLimits } from './cost.js';
export type { WebhookFaults, DeliveryRecord } from './webhook-dispatcher.js';
export { defaultAftercareMix, type AftercareMix } from './aftercare.js';
export type { RefundRequest } from './refund-order.js';
export { paymentsFee } from './shopify-payments.js';
