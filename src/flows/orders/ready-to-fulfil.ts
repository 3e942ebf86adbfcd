/**
 * The ready-to-fulfil contract: what an order must carry before it may become a BC sales
 * order, so operations never find an order in BC the warehouse cannot ship. Pure: each
 * missing piece is one issue naming the field.
 */
import type { ReadyToFulfilConfig } from '../../config/orders-schema.ts';
import type { ChannelOrder, PostalAddress } from '../../core/domain/channel-order.ts';
import type { Issue } from '../../core/issues.ts';
import { dec } from '../../core/money.ts';
import { activeLines, describeLine } from './validate.ts';

/** Countries whose addresses have no postcode (ISO 3166-1 alpha-2). */
const noPostcode = new Set([
  'AE',
  'AG',
  'AO',
  'AW',
  'BS',
  'BZ',
  'BW',
  'CW',
  'DM',
  'FJ',
  'GD',
  'GH',
  'HK',
  'IE',
  'JM',
  'KN',
  'LC',
  'MO',
  'QA',
  'SC',
  'TT',
  'UG',
  'VU',
  'ZW',
]);

export interface ReadyToFulfilContext {
  config: ReadyToFulfilConfig;
  /** The BC shipment method the order's shipping maps to; undefined when unmapped. */
  shipmentMethodCode: string | undefined;
}

export function isBusinessOrder(order: ChannelOrder): boolean {
  return Boolean(order.shippingAddress?.company?.trim() || order.billingAddress?.company?.trim());
}

export function attributeValue(order: ChannelOrder, keys: readonly string[]): string | undefined {
  const wanted = new Set(keys.map((key) => key.toLowerCase()));
  return order.attributes?.find((attribute) => wanted.has(attribute.key.toLowerCase()) && attribute.value.trim())?.value.trim();
}

function needsShipping(order: ChannelOrder): boolean {
  return activeLines(order).some(({ line }) => line.requiresShipping);
}

/** An EU consumer order within the IOSS threshold: Shopify collected EU VAT the shop owes through IOSS. */
export function isIossOrder(order: ChannelOrder, config: ReadyToFulfilConfig): boolean {
  const country = order.shippingAddress?.countryCode?.toUpperCase();
  const { customs } = config;
  return (
    customs.enabled &&
    country !== undefined &&
    !config.domesticCountries.includes(country) &&
    customs.euCountries.includes(country) &&
    !isBusinessOrder(order) &&
    dec(order.totals.total).lessThanOrEqualTo(customs.iossThreshold)
  );
}

export function checkReadyToFulfil(order: ChannelOrder, context: ReadyToFulfilContext): Issue[] {
  if (!needsShipping(order)) return []; // gift cards and services: nothing for the warehouse
  const { config } = context;
  const issues: Issue[] = [];
  const address = order.shippingAddress;
  if (config.requireCompleteAddress) issues.push(...checkAddress(address));
  if (config.requireContact && !order.email?.trim() && !order.phone?.trim() && !address?.phone?.trim() && !order.customer?.email?.trim()) {
    issues.push({
      code: 'missing_contact',
      path: 'shippingAddress.phone',
      message: 'there is neither a phone number nor an e-mail address for the carrier',
    });
  }
  if (config.requireShippingMethod && !context.shipmentMethodCode) {
    const shipping = order.shippingLines[0];
    issues.push({
      code: 'shipping_method_unmapped',
      path: 'shippingLines[0].code',
      message: shipping
        ? `the shipping method "${shipping.title}"${shipping.code ? ` (code ${shipping.code})` : ''} is not mapped to a Business Central shipment method`
        : 'the order has no shipping method',
    });
  }
  const country = address?.countryCode?.toUpperCase();
  if (config.customs.enabled && country && !config.domesticCountries.includes(country))
    issues.push(...checkCustoms(order, country, config));
  return issues;
}

function checkAddress(address: PostalAddress | null): Issue[] {
  if (!address) return [{ code: 'incomplete_address', path: 'shippingAddress', message: 'there is no shipping address' }];
  const missing: string[] = [];
  if (!address.name?.trim() && !address.company?.trim()) missing.push('name');
  if (!address.address1?.trim()) missing.push('address line 1');
  if (!address.city?.trim()) missing.push('city');
  if (!address.countryCode?.trim()) missing.push('country');
  if (!address.zip?.trim() && !noPostcode.has(address.countryCode?.toUpperCase() ?? '')) missing.push('postcode');
  return missing.length === 0
    ? []
    : [{ code: 'incomplete_address', path: 'shippingAddress', message: `the shipping address has no ${missing.join(', ')}` }];
}

function checkCustoms(order: ChannelOrder, country: string, config: ReadyToFulfilConfig): Issue[] {
  const { customs } = config;
  const issues: Issue[] = [];
  if (customs.requireCommodityCodes) {
    for (const { line, index } of activeLines(order)) {
      if (!line.requiresShipping) continue;
      const missing = [
        !line.harmonizedSystemCode?.trim() && 'HS commodity code',
        !line.countryOfOrigin?.trim() && 'country of origin',
      ].filter(Boolean);
      if (missing.length > 0) {
        issues.push({
          code: 'missing_customs_data',
          path: `lines[${index + 1}].harmonizedSystemCode`,
          message: `line ${index + 1} (${describeLine(line)}, SKU ${line.sku ?? 'none'}) has no ${missing.join(' and no ')}, needed to ship to ${country}`,
        });
      }
    }
  }
  const business = isBusinessOrder(order);
  const value = dec(order.totals.total);
  const overThreshold = customs.eoriValueThreshold !== null && value.greaterThan(customs.eoriValueThreshold);
  if ((business && customs.eoriForBusinessOrders) || overThreshold) {
    if (!attributeValue(order, customs.eoriAttributeKeys)) {
      const why = business
        ? 'it is a business order'
        : `its value ${order.totals.total} ${order.currency} is above ${customs.eoriValueThreshold}`;
      issues.push({
        code: 'missing_eori',
        path: `attributes.${customs.eoriAttributeKeys[0]}`,
        message: `the buyer's EORI number is missing; it is needed because ${why} shipping to ${country}`,
      });
    }
  }
  if (!business && customs.euCountries.includes(country) && value.lessThanOrEqualTo(customs.iossThreshold) && !customs.iossNumber) {
    issues.push({
      code: 'missing_ioss',
      path: 'flows.orders.readyToFulfil.customs.iossNumber',
      message: `this EU consumer order (${order.totals.total} ${order.currency} to ${country}) ships under IOSS, but no IOSS number is configured`,
    });
  }
  return issues;
}
