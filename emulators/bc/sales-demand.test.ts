import { beforeEach, describe, expect, it } from 'vitest';
import { createBcEmulator, type BcEmulator } from './emulator.ts';
import { connectTestApi, num, type TestApi } from './test-api.ts';

let emulator: BcEmulator;
let api: TestApi;
let companion: TestApi;

beforeEach(async () => {
  emulator = createBcEmulator({ limits: false });
  api = await connectTestApi(emulator);
  companion = await connectTestApi(emulator, 'ledgerbridge/integration/v1.0');
});

const scend = () => emulator.rows('locations').find((l) => l.code === 'SCEND')!.id;
const filter = (item: string) => `$filter=${encodeURIComponent(`itemNumber eq '${item}' and locationCode eq 'SCEND'`)}`;
const figures = async (item: string) => {
  const stock = (await companion.get(`{company}/stockLevels?${filter(item)}`)).body.value[0];
  const demand = (await companion.get(`{company}/salesDemand?${filter(item)}`)).body.value[0];
  return { inventory: stock ? num(stock.quantity) : '0', outstanding: demand ? num(demand.outstandingQuantity) : '0' };
};

describe('the availability figures (companion 1.3) as documents post', () => {
  it('counts an order as outstanding, then as shipped stock; a journal moves inventory', async () => {
    expect(await figures('TEE-ORG-L')).toEqual({ inventory: '360', outstanding: '0' });
    const order = (
      await api.post('{company}/salesOrders?$expand=salesOrderLines', {
        externalDocumentNumber: 'AMAZON-7',
        customerNumber: 'WEB-GUEST',
        salesOrderLines: [{ lineObjectNumber: 'TEE-ORG-L', quantity: 4, locationId: scend() }],
      })
    ).body;
    expect(await figures('TEE-ORG-L')).toEqual({ inventory: '360', outstanding: '4' });

    expect((await api.post(`{company}/salesOrders(${order.id})/Microsoft.NAV.shipAndInvoice`)).status).toBe(204);
    expect(await figures('TEE-ORG-L')).toEqual({ inventory: '356', outstanding: '0' });

    await companion.post('{company}/itemJournalLines', {
      journalTemplateName: 'ITEM',
      journalBatchName: 'LB-STOCK',
      entryType: 'Negative Adjmt.',
      itemNumber: 'TEE-ORG-L',
      locationCode: 'SCEND',
      quantity: 6,
      documentNumber: 'WO-1',
    });
    const batch = emulator.rows('lb.itemJournals').find((b) => b.code === 'LB-STOCK')!;
    expect((await companion.post(`{company}/itemJournals(${batch.id})/Microsoft.NAV.post`)).status).toBe(204);
    expect(await figures('TEE-ORG-L')).toEqual({ inventory: '350', outstanding: '0' });
  });
});
