/** The Shopify emulator: see README.md beside this file. */
export {
  createShopifyEmulator,
  type FaultsInput,
  type GraphqlFaults,
  type OrderSummary,
  type ShopifyEmulator,
  type ShopifyEmulatorOptions,
} from './app.ts';
export { startShopifyEmulator, type RunningShopifyEmulator, type StartShopifyEmulatorOptions } from './server.ts';
export { defaultGeneratorMix, generateOrderDraft, type GeneratorMix } from './generator.ts';
export type { OrderStream, OrderStreamOptions } from './order-stream.ts';
export type { OrderDraft, DraftLine } from './place-order.ts';
export { planLimits, type PlanLimits } from './cost.ts';
export type { WebhookFaults, DeliveryRecord } from './webhook-dispatcher.ts';
export { defaultAftercareMix, type AftercareMix } from './aftercare.ts';
export type { RefundRequest } from './refund-order.ts';
export { paymentsFee } from './shopify-payments.ts';
