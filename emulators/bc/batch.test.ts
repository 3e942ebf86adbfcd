import { beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../test/support/fake-clock.ts';
import { createBcEmulator, type BcEmulator } from './emulator.ts';
import { connectTestApi, type TestApi } from './test-api.ts';

let emulator: BcEmulator;
let api: TestApi;
const company = () => `companies(${emulator.settings.companyId})`;
const journalId = () => emulator.rows('journals').find((j) => j.code === 'SHOPIFY')!.id;

const lineOp = (id: string, body: Record<string, unknown>) => ({
  id,
  method: 'POST',
  url: `${company()}/journals(${journalId()})/journalLines`,
  headers: { 'content-type': 'application/json' },
  body: { documentNumber: 'PAYOUT-1', postingDate: '2026-11-23', ...body },
});

/** `[id, status]` of each answered operation (statuses arrive as exact JSON numbers). */
const answered = (body: { responses: { id: string; status: { value: string } }[] }) =>
  body.responses.map((r) => [r.id, Number(r.status.value)]);
const statuses = (body: { responses: { id: string; status: { value: string } }[] }) => answered(body).map(([, status]) => status);

beforeEach(async () => {
  emulator = createBcEmulator({ limits: false });
  api = await connectTestApi(emulator);
});

describe('$batch', () => {
  it('runs operations in order and answers each one', async () => {
    const { status, body } = await api.post('$batch', {
      requests: [
        lineOp('1', { accountNumber: '18200', amount: 10 }),
        { id: '2', method: 'GET', url: `${company()}/items?$filter=${encodeURIComponent("number eq 'CAP-CANVAS'")}&$select=number` },
      ],
    });
    expect(status).toBe(200);
    expect(answered(body)).toEqual([
      ['1', 201],
      ['2', 200],
    ]);
    expect(body.responses[0].body.accountNumber).toBe('18200');
    expect(body.responses[1].body.value[0].number).toBe('CAP-CANVAS');
  });

  it('stops at the first failure by default, and the batch still answers 200', async () => {
    const { status, body } = await api.post('$batch', {
      requests: [lineOp('a', { accountNumber: '18200' }), lineOp('b', { accountNumber: '99999' }), lineOp('c', { accountNumber: '18100' })],
    });
    expect(status).toBe(200);
    expect(answered(body)).toEqual([
      ['a', 201],
      ['b', 404],
    ]);
    expect(body.responses[1].body.error.code).toBe('Internal_RecordNotFound');
    expect(emulator.rows('journalLines')).toHaveLength(1);
  });

  it('runs the rest with Prefer: odata.continue-on-error, failing what depends on a failure with 424', async () => {
    const { body } = await api.post(
      '$batch',
      {
        requests: [
          lineOp('a', { accountNumber: '99999' }),
          { ...lineOp('b', { accountNumber: '18200' }), dependsOn: ['a'] },
          lineOp('c', { accountNumber: '18100' }),
        ],
      },
      { prefer: 'odata.continue-on-error' },
    );
    expect(statuses(body)).toEqual([404, 424, 201]);
  });

  it('with Isolation: snapshot rolls everything back on a failure, though earlier 201s are still reported', async () => {
    const before = emulator.rows('journalLines').length;
    const { body } = await api.post(
      '$batch',
      { requests: [lineOp('a', { accountNumber: '18200' }), lineOp('b', { accountNumber: '99999' })] },
      { isolation: 'snapshot' },
    );
    expect(statuses(body)).toEqual([201, 404]);
    const reportedId = body.responses[0].body.id;
    expect(emulator.rows('journalLines')).toHaveLength(before);
    expect((await api.get(`${company()}/journals(${journalId()})/journalLines(${reportedId})`)).status).toBe(404);
    const next = await api.post(`${company()}/journals(${journalId()})/journalLines`, { accountNumber: '18200' });
    expect(next.body.lineNumber.value).toBe('10000');
  });

  it('refuses posting inside an isolated batch, because posting commits', async () => {
    const { body } = await api.post(
      '$batch',
      { requests: [{ id: '1', method: 'POST', url: `${company()}/journals(${journalId()})/Microsoft.NAV.post` }] },
      { isolation: 'snapshot' },
    );
    expect(body.responses[0].body.error.message).toContain('Isolation: snapshot');
  });

  it('refuses more than 100 operations with an error naming the limit', async () => {
    const requests = Array.from({ length: 101 }, (_, i) => ({ id: String(i), method: 'GET', url: `${company()}/items?$top=1` }));
    const { status, body } = await api.post('$batch', { requests });
    expect(status).toBe(500);
    expect(body.error.message).toContain('maximum allowed is 100');
    expect((await api.post('$batch', { requests: requests.slice(0, 100) })).body.responses).toHaveLength(100);
  });

  it('counts every operation against the rate limit', async () => {
    const clock = new FakeClock();
    const limited = createBcEmulator({ clock, limits: { requestsPerWindow: 10 } });
    const client = await connectTestApi(limited);
    const requests = Array.from({ length: 12 }, (_, i) => ({
      id: String(i),
      method: 'GET',
      url: `companies(${limited.settings.companyId})/items?$top=1`,
    }));
    const { body } = await client.post('$batch', { requests }, { prefer: 'odata.continue-on-error' });
    // The batch itself took one place in the window, its operations nine more; then 429.
    expect(statuses(body)).toEqual([...Array(9).fill(200), 429, 429, 429]);
  });
});
