import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../test/support/fake-clock.ts';
import { createInProcessBc } from './test-support/emulated-bc.ts';

describe('customer directory (opt-in)', () => {
  it('answers e-mail lookups from a local copy, kept up to date by delta reads', async () => {
    const clock = new FakeClock();
    const bc = createInProcessBc({
      clock,
      emulator: { limits: false, tokenLifetimeSeconds: 86_400 },
      config: { cache: { customerDirectory: { enabled: true, refreshMs: 60_000 } } },
    });
    const count = () => bc.requests().filter((r) => r.startsWith('GET customers')).length;
    expect((await bc.connector.findCustomersByEmail('Amelia.Hughes@example.co.uk')).map((c) => c.number)).toEqual(['C00010']);
    for (let i = 0; i < 50; i += 1) expect(await bc.connector.findCustomersByEmail(`first.timer.${i}@example.net`)).toEqual([]);
    expect(count()).toBe(1);

    // Someone adds a customer in BC: unseen until the next refresh, then found by a delta read.
    const other = bc.connector.withLane('someone-else');
    await clock.advance(1_000);
    await other.client.request({
      method: 'POST',
      path: await other.client.companyPath('customers'),
      body: { displayName: 'Ada Byron', email: 'ada@example.org' },
    });
    expect(await bc.connector.findCustomersByEmail('ada@example.org')).toEqual([]);
    await clock.advance(60_000);
    expect((await bc.connector.findCustomersByEmail('ada@example.org')).map((c) => c.displayName)).toEqual(['Ada Byron']);
    expect(bc.requests().filter((r) => r.startsWith('GET customers')).length).toBe(2);

    // A customer the hub creates is known at once.
    const created = await bc.connector.createCustomer({ displayName: 'Grace Hopper', email: 'grace@example.org' });
    expect((await bc.connector.findCustomersByEmail('GRACE@example.org')).map((c) => c.id)).toEqual([created.id]);
  });
});
