/**
 * Shopify refuses any request whose input arrays hold more than 250 items, whether they come
 * in variables or written into the document (shopify.dev/docs/api/usage/limits).
 */
import { visit, type DocumentNode } from 'graphql';

export const maxInputArrayLength = 250;

function largestArray(value: unknown): number {
  if (Array.isArray(value)) return Math.max(value.length, ...value.map(largestArray));
  if (value && typeof value === 'object') return Math.max(0, ...Object.values(value).map(largestArray));
  return 0;
}

/** The error message for the first input array above the limit, or undefined. */
export function findOversizedInput(document: DocumentNode, variables: Record<string, unknown>): string | undefined {
  let size = largestArray(variables);
  visit(document, {
    ListValue(node) {
      size = Math.max(size, node.values.length);
    },
  });
  return size > maxInputArrayLength
    ? `The input array size of ${size} is greater than the maximum allowed of ${maxInputArrayLength}.`
    : undefined;
}
