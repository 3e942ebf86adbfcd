/**
 * A fake BC for the contract test: it records every request the connector sends and answers
 * with plausible, schema-free bodies. `found: false` answers every search with nothing (so
 * creates are sent); `found: true` finds one entity everywhere (so lookups adopt).
 */
import { LosslessNumber, parse } from 'lossless-json';

export interface SentRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: unknown;
}

const ids = [
  '11111111-1111-4111-8111-111111111111',
  '22222222-2222-4222-8222-222222222222',
  '33333333-3333-4333-8333-333333333333',
] as const;

function entity(): Record<string, unknown> {
  const line = {
    '@odata.etag': 'W/"line"',
    id: ids[1],
    sequence: 10000,
    lineType: 'Item',
    lineObjectNumber: 'TEE-ORG-S',
    quantity: 3,
    shippedQuantity: 0,
    shipQuantity: 3,
    receivedQuantity: 0,
    receiveQuantity: 3,
  };
  return {
    '@odata.etag': 'W/"entity"',
    id: ids[0],
    number: 'S-ORD101001',
    code: 'LB-STOCK',
    status: 'Draft',
    subscriptionId: 'abc123',
    notificationUrl: 'https://hub.example.com/webhooks/bc',
    resource: '/api/v2.0/companies(11111111-1111-4111-8111-111111111111)/salesOrders',
    expirationDateTime: '2026-11-25T08:00:00Z',
    lastModifiedDateTime: '2026-11-22T08:00:00Z',
    documentNumber: 'X',
    itemNumber: 'TEE-ORG-S',
    salesOrderLines: [line],
    purchaseOrderLines: [line],
    salesInvoiceLines: [],
    salesCreditMemoLines: [],
    salesShipmentLines: [],
  };
}

export function createRecordingFetch(options: { found: boolean; companionMetadata: string }) {
  const sent: SentRequest[] = [];
  const fetch = async (input: string, init: RequestInit): Promise<Response> => {
    const url = new URL(input);
    if (url.pathname.includes('/oauth2/')) return Response.json({ access_token: 't', expires_in: 3600 });
    const body = init.body === undefined ? undefined : parse(String(init.body), null, (v) => new LosslessNumber(v));
    const method = init.method ?? 'GET';
    sent.push({ method, url, headers: new Headers(init.headers), body });
    if (url.pathname.endsWith('/$metadata'))
      return new Response(options.companionMetadata, { headers: { 'content-type': 'application/xml' } });
    if (url.pathname.endsWith('/$batch')) {
      const requests = (body as { requests: { id: string }[] }).requests;
      return Response.json({ responses: requests.map((r) => ({ id: r.id, status: 201, body: entity() })) });
    }
    if (url.pathname.includes('Microsoft.NAV.') || method === 'DELETE') return new Response(null, { status: 204 });
    const collection = method === 'GET' && !/\([^)]*\)$/.test(url.pathname);
    // Companies and journal batches always exist: they are configuration, not search results.
    const configured = /\/(companies|journals|itemJournals)$/.test(url.pathname);
    if (collection) return Response.json({ value: options.found || configured ? [entity()] : [] });
    return Response.json(entity(), { status: method === 'POST' ? 201 : 200 });
  };
  return { sent, fetch };
}
