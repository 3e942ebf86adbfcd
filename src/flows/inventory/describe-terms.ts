/** The formula's terms in words, one line each: what the CLI prints and the Stock page shows. */
import type { AvailabilityTerms } from './available.ts';

export function describeTerms(terms: AvailabilityTerms): { label: string; value: string }[] {
  const basisWords = {
    'inventory-less-outstanding': 'inventory − outstanding',
    'inventory-less-outstanding-and-reserved': 'inventory − outstanding − reserved',
    inventory: 'inventory',
  }[terms.basis];
  const buffer =
    terms.buffer.units !== undefined ? `${terms.buffer.units} units` : `${terms.buffer.percent} % of ${Math.max(0, terms.bcAvailable)}`;
  return [
    { label: 'BC on hand (inventory)', value: terms.inventory },
    { label: 'BC outstanding on sales orders', value: `− ${terms.outstanding}` },
    {
      label: 'BC reserved',
      value: `${terms.basis === 'inventory-less-outstanding-and-reserved' ? '− ' : '(not counted) '}${terms.reserved}`,
    },
    { label: `BC available to sell (${basisWords}, whole units)`, value: String(terms.bcAvailable) },
    { label: 'Shopify orders accepted, not yet in BC', value: `− ${terms.inFlight}` },
    { label: 'Shopify orders held as exceptions', value: `− ${terms.held}` },
    { label: `Buffer (${terms.buffer.source}: ${buffer}, rounded down)`, value: `− ${terms.bufferUnits}` },
    ...(terms.zeroBelow > 0 ? [{ label: 'Show 0 below', value: String(terms.zeroBelow) }] : []),
    { label: 'To push (never below 0)', value: String(terms.quantity) },
  ];
}
