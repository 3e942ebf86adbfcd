/**
 * Operator overrides: corrected values for fields of a Shopify order (a missing postcode,
 * the buyer's EORI number) that the hub applies before it validates the order again. Only
 * fields the ready-to-fulfil contract and the mapping read may be overridden; money never.
 */
import type { ChannelOrder } from '../../core/domain/channel-order.ts';
import type { Issue } from '../../core/issues.ts';

const addressFields = [
  'name',
  'company',
  'address1',
  'address2',
  'city',
  'province',
  'provinceCode',
  'zip',
  'countryCode',
  'phone',
] as const;
const lineFields = ['sku', 'barcode', 'harmonizedSystemCode', 'countryOfOrigin'] as const;

const allowed: RegExp[] = [
  /^email$/,
  /^phone$/,
  new RegExp(`^shippingAddress\\.(${addressFields.join('|')})$`),
  /^attributes\.[A-Za-z0-9_-]+$/,
  new RegExp(`^lines\\[(\\d+)\\]\\.(${lineFields.join('|')})$`),
  /^shippingLines\[(\d+)\]\.(code|title)$/,
];

export function checkOverridePath(path: string): string | undefined {
  return allowed.some((pattern) => pattern.test(path))
    ? undefined
    : `"${path}" cannot be overridden; allowed: email, phone, shippingAddress.<field>, attributes.<key>, lines[<n>].<sku|barcode|harmonizedSystemCode|countryOfOrigin>, shippingLines[<n>].<code|title>`;
}

/** A copy of the order with the overrides applied, and issues for any that do not fit it. */
export function applyOverrides(order: ChannelOrder, overrides: Record<string, string>): { order: ChannelOrder; issues: Issue[] } {
  const copy = structuredClone(order);
  const issues: Issue[] = [];
  for (const [path, value] of Object.entries(overrides)) {
    const problem = checkOverridePath(path);
    if (problem) {
      issues.push({ code: 'invalid_override', path, message: problem });
      continue;
    }
    const line = /^lines\[(\d+)\]\.(\w+)$/.exec(path);
    const shipping = /^shippingLines\[(\d+)\]\.(\w+)$/.exec(path);
    if (path === 'email') copy.email = value;
    else if (path === 'phone') copy.phone = value;
    else if (path.startsWith('shippingAddress.')) {
      copy.shippingAddress = { ...(copy.shippingAddress ?? emptyAddress()), [path.slice('shippingAddress.'.length)]: value };
    } else if (path.startsWith('attributes.')) {
      const key = path.slice('attributes.'.length);
      copy.attributes = [...(copy.attributes ?? []).filter((attribute) => attribute.key !== key), { key, value }];
    } else if (line) {
      const target = copy.lines[Number(line[1]) - 1];
      if (target) (target as unknown as Record<string, unknown>)[line[2]!] = value;
      else issues.push({ code: 'invalid_override', path, message: `the order has no line ${line[1]}` });
    } else if (shipping) {
      const target = copy.shippingLines[Number(shipping[1]) - 1];
      if (target) (target as unknown as Record<string, unknown>)[shipping[2]!] = value;
      else issues.push({ code: 'invalid_override', path, message: `the order has no shipping line ${shipping[1]}` });
    }
  }
  return { order: copy, issues };
}

function emptyAddress(): NonNullable<ChannelOrder['shippingAddress']> {
  return {
    name: null,
    company: null,
    address1: null,
    address2: null,
    city: null,
    province: null,
    provinceCode: null,
    zip: null,
    countryCode: null,
    phone: null,
  };
}
