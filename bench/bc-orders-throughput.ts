/**
 * Sustained sales orders per minute into Business Central through the emulator enforcing
 * BC online's documented limits (6,000 requests per sliding 5 minutes, 5 processed at once,
 * 95 queued), with the real BC connector, and BC requests per order.
 *
 * Method: the emulator runs in process and the connector's `fetch` calls it directly; both
 * use one fake clock that a discrete-event driver advances whenever every promise is waiting
 * on a timer (test-support/simulation.ts). Each BC request takes `--latency` ms of simulated
 * time (an emulator latency fault). Simulated minutes pass in wall-clock seconds and the two
 * sides see the same instants, so the emulator's window measures exactly what was sent.
 * Order pipelines (queue workers) keep the connector saturated; "steady state" is measured
 * after the first window, when the sliding window is full.
 *
 * Scenarios:
 *   create    — the connector's lookup-free create path the orders flow uses (one deep insert);
 *   uncached  — the ERP calls the orders flow makes per order (items by SKU, customer by
 *               e-mail, the create) with the connector's caches off: what the flow cost before;
 *   flow      — the same with the lookup caches on (the default configuration);
 *   directory — the same with the opt-in customer directory, so first-time buyers cost nothing;
 *   companion — directory with the companion extension (1.1): the integration fields go in the
 *               create itself, one request on the companion salesOrders page (the flow today);
 *   twostep   — directory with extension 1.0: the standard create, then the integration-field
 *               write (setSalesOrderIntegrationFields) in a second request, for comparison.
 * Measured over whole windows after the first (5→20 min by default): the sliding window lets
 * 6,000 requests through as fast as 5 in flight allow, then holds the rest until the oldest
 * leave, so only whole windows show the sustained rate.
 *
 * Run: npm run bench -- bench/bc-orders-throughput.ts [--minutes 20] [--latency 150]
 *        [--pipelines 40] [--scenario create,uncached,flow,directory,companion,twostep] [--budget 6000]
 */
import { documentedLimits } from '../emulators/bc/index.ts';
import { FakeClock } from '../test/support/fake-clock.ts';
import { createInProcessBc } from '../src/connectors/bc/test-support/emulated-bc.ts';
import { runSimulated } from '../src/connectors/bc/test-support/simulation.ts';
import { benchOrder, flowErpCalls, type BenchOrder, type IntegrationFields } from './bc-order-mix.ts';

type Scenario = 'create' | 'uncached' | 'flow' | 'directory' | 'companion' | 'twostep';

const integrationFields: Record<Exclude<Scenario, 'create'>, IntegrationFields> = {
  uncached: 'none',
  flow: 'none',
  directory: 'none',
  companion: 'with-create',
  twostep: 'after-create',
};

interface Options {
  minutes: number;
  latencyMs: number;
  pipelines: number;
  scenarios: Scenario[];
  /** The connector's share of the window (documented ceiling 6,000; its default is 5,400). */
  budget: number;
}

function parseOptions(argv: string[]): Options {
  const value = (name: string, fallback: string) => {
    const at = argv.indexOf(`--${name}`);
    return at >= 0 && argv[at + 1] ? argv[at + 1]! : fallback;
  };
  return {
    minutes: Number(value('minutes', '20')),
    latencyMs: Number(value('latency', '150')),
    pipelines: Number(value('pipelines', '40')),
    scenarios: value('scenario', 'create,uncached,flow,directory,companion,twostep').split(',') as Scenario[],
    budget: Number(value('budget', '6000')),
  };
}

interface Result {
  scenario: Scenario;
  orders: number;
  steadyOrdersPerMinute: number;
  requestsPerOrder: number;
  steadyRequestsPerMinute: number;
  ceilingRequestsPerMinute: number;
  rejected429: number;
  peakInWindow: number;
  peakRunning: number;
  /** Orders in BC carrying the Shopify order id (the companion field), of all orders created. */
  withShopifyId: number;
  wallSeconds: number;
}

async function runScenario(scenario: Scenario, options: Options): Promise<Result> {
  const clock = new FakeClock(Date.parse('2026-11-23T08:00:00Z'));
  const cacheOff = { itemTtlMs: 0, customerTtlMs: 0, missTtlMs: 0, referenceTtlMs: 0 };
  const bc = createInProcessBc({
    clock,
    emulator: { limits: documentedLimits, tokenLifetimeSeconds: 3599 },
    config: {
      limits: { maxInFlight: 5, maxRequestsPerWindow: options.budget, windowMs: documentedLimits.windowMs },
      requestTimeoutMs: 10 * 60_000,
      ...(scenario === 'uncached' ? { cache: cacheOff } : {}),
      ...(scenario === 'directory' || scenario === 'companion' || scenario === 'twostep'
        ? { cache: { customerDirectory: { enabled: true } } }
        : {}),
    },
  });
  bc.emulator.control.addFault({ kind: 'latency', latencyMs: options.latencyMs, count: null });
  const start = clock.now();
  const end = start + options.minutes * 60_000;
  const steadyFrom = start + documentedLimits.windowMs;
  const completions: { at: number; requests: number }[] = [];
  let sequence = 0;
  const wall = Date.now();

  const pipeline = async () => {
    while (clock.now() < end) {
      const order: BenchOrder = benchOrder((sequence += 1));
      if (scenario === 'create') await bc.connector.createSalesOrder(order.draft);
      else await flowErpCalls(bc.connector, order, { integrationFields: integrationFields[scenario] });
      completions.push({ at: clock.now(), requests: bc.emulator.requestLog.total });
    }
  };
  await runSimulated(clock, Promise.all(Array.from({ length: options.pipelines }, pipeline)), bc.probe);

  const steady = completions.filter((c) => c.at >= steadyFrom && c.at < end);
  const steadyMinutes = (end - steadyFrom) / 60_000;
  const firstSteady = completions.findIndex((c) => c.at >= steadyFrom);
  const requestsInSteady = steady.length ? steady[steady.length - 1]!.requests - (completions[firstSteady - 1]?.requests ?? 0) : 0;
  const peaks = bc.emulator.control.limitPeaks()!;
  return {
    scenario,
    orders: completions.length,
    steadyOrdersPerMinute: steady.length / steadyMinutes,
    requestsPerOrder: steady.length ? requestsInSteady / steady.length : NaN,
    steadyRequestsPerMinute: requestsInSteady / steadyMinutes,
    ceilingRequestsPerMinute: Math.min(
      documentedLimits.requestsPerWindow / (documentedLimits.windowMs / 60_000),
      (documentedLimits.maxConcurrent * 60_000) / options.latencyMs,
    ),
    rejected429: peaks.rejected,
    peakInWindow: peaks.peakInWindow,
    peakRunning: peaks.peakRunning,
    withShopifyId: bc.emulator.rows('salesOrders').filter((row) => row._shopifyOrderId).length,
    wallSeconds: (Date.now() - wall) / 1000,
  };
}

function report(result: Result): string {
  const ordersCeiling = result.ceilingRequestsPerMinute / Math.max(1, result.requestsPerOrder);
  return [
    `${result.scenario.padEnd(9)}`,
    `${result.steadyOrdersPerMinute.toFixed(0).padStart(6)} orders/min`,
    `${result.requestsPerOrder.toFixed(3)} req/order`,
    `${result.steadyRequestsPerMinute.toFixed(0).padStart(6)} req/min = ${((100 * result.steadyRequestsPerMinute) / result.ceilingRequestsPerMinute).toFixed(1)}% of ${result.ceilingRequestsPerMinute.toFixed(0)}`,
    `orders ${((100 * result.steadyOrdersPerMinute) / result.ceilingRequestsPerMinute).toFixed(1)}% of the 1 req/order ceiling (${ordersCeiling.toFixed(0)} at this req/order)`,
    `429s ${result.rejected429}, peak window ${result.peakInWindow}, peak in flight ${result.peakRunning}`,
    `${result.orders} orders (${result.withShopifyId} with the Shopify id in BC), ${result.wallSeconds.toFixed(1)} s wall`,
  ].join(' | ');
}

const options = parseOptions(process.argv.slice(2));
console.log(
  `BC orders throughput: ${options.minutes} simulated min, ${options.latencyMs} ms per request, ${options.pipelines} pipelines, connector budget ${options.budget}/5 min; steady state after the first 5 min`,
);
for (const scenario of options.scenarios) console.log(report(await runScenario(scenario, options)));
