/**
 * Everything Shopify can answer that is not data, turned into the hub's one error type:
 * HTTP statuses, GraphQL `errors[]` (including THROTTLED on HTTP 200) and mutation
 * `userErrors`. The mapping lives here so the client and methods never guess.
 */
import { ConnectorError, type ConnectorErrorCode } from '../../core/errors.ts';

export interface GraphqlErrorEntry {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

export interface UserErrorEntry {
  field?: string[] | null;
  message: string;
  code?: string | null;
}

export function shopifyError(
  code: ConnectorErrorCode,
  message: string,
  extra: Partial<ConstructorParameters<typeof ConnectorError>[0]> = {},
): ConnectorError {
  return new ConnectorError({ system: 'shopify', code, message, ...extra });
}

/** `Retry-After` is seconds (Shopify sends e.g. `2.0`); an HTTP date is accepted too. */
export function parseRetryAfter(header: string | null, nowMs: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000));
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

export function errorFromHttpStatus(status: number, body: unknown, retryAfterMs: number | undefined, isMutation: boolean): ConnectorError {
  const extra = { status, upstreamBody: body, retryAfterMs };
  if (status === 401) return shopifyError('auth_failed', 'Shopify rejected the access token (401): check the app credentials', extra);
  if (status === 403) return shopifyError('auth_failed', 'Shopify refused access (403): the app lacks a scope for this request', extra);
  if (status === 404) return shopifyError('not_found', 'Shopify answered 404: check the shop domain and API version', extra);
  if (status === 429) return shopifyError('rate_limited', 'Shopify rate limit (429)', extra);
  // 402: shop frozen for payment; 423: shop locked. Not ours to fix by retrying soon.
  if (status === 402 || status === 423) {
    return shopifyError('upstream_unavailable', `the shop is unavailable (${status}): frozen or locked by Shopify`, {
      ...extra,
      retryable: false,
    });
  }
  if (status >= 500) {
    // A mutation that died in a 5xx may have run: the caller must look before trying again.
    return shopifyError('upstream_unavailable', `Shopify server error (${status})`, {
      ...extra,
      outcomeUnknown: isMutation,
      retryable: !isMutation,
    });
  }
  return shopifyError('invalid_request', `Shopify answered HTTP ${status}`, extra);
}

const codeByGraphqlCode: Record<string, ConnectorErrorCode> = {
  THROTTLED: 'rate_limited',
  ACCESS_DENIED: 'auth_failed',
  UNAUTHORIZED: 'auth_failed',
  NOT_FOUND: 'not_found',
  INTERNAL_SERVER_ERROR: 'upstream_unavailable',
  SERVICE_UNAVAILABLE: 'upstream_unavailable',
  MAX_COST_EXCEEDED: 'invalid_request',
  BAD_REQUEST: 'invalid_request',
};

/** The first error decides the code; all messages are kept for the operator. */
export function errorFromGraphqlErrors(
  errors: GraphqlErrorEntry[],
  body: unknown,
  operationName: string,
  isMutation: boolean,
): ConnectorError {
  const first = errors[0];
  const upstreamCode = first?.extensions?.code;
  const code: ConnectorErrorCode = (upstreamCode ? codeByGraphqlCode[upstreamCode] : undefined) ?? 'invalid_request';
  const messages = errors.map((error) => error.message).join('; ');
  const internal = code === 'upstream_unavailable';
  return shopifyError(code, `Shopify ${operationName}: ${messages}`, {
    upstreamCode,
    upstreamBody: body,
    outcomeUnknown: internal && isMutation,
    retryable: internal ? !isMutation : undefined,
  });
}

const codeByUserErrorCode: Record<string, ConnectorErrorCode> = {
  NOT_FOUND: 'not_found',
  TAKEN: 'conflict',
  INVENTORY_CLAIM_FAILED: 'conflict',
  CHANGE_FROM_QUANTITY_STALE: 'conflict',
  IDEMPOTENCY_CONCURRENT_REQUEST: 'conflict',
  IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED: 'conflict',
  LIMIT_REACHED: 'rate_limited',
  OPERATION_IN_PROGRESS: 'conflict',
};

/** A mutation that answered with userErrors did not take effect; say which field and why. */
export function errorFromUserErrors(userErrors: UserErrorEntry[], operationName: string): ConnectorError {
  const first = userErrors[0];
  const code: ConnectorErrorCode = (first?.code ? codeByUserErrorCode[first.code] : undefined) ?? 'invalid_request';
  const text = userErrors.map((error) => (error.field?.length ? `${error.field.join('.')}: ${error.message}` : error.message)).join('; ');
  return shopifyError(code, `Shopify ${operationName} refused: ${text}`, {
    upstreamCode: first?.code ?? undefined,
    upstreamBody: userErrors,
  });
}
