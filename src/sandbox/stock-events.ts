/**
 * The sandbox's stock events besides Shopify orders, so the inventory fast path can be seen:
 * now and then another sales channel (a marketplace) enters an order in BC directly, and
 * Scend writes a damaged unit off. Neither passes through Shopify; both change what BC can
 * sell, and the hub takes them to Shopify within seconds (BC webhooks, the booked write-off).
 */
import type { RunningBcEmulator } from '../../emulators/bc/index.ts';
import { sandboxCatalogue } from '../../emulators/sandbox/catalogue.ts';
import type { RunningWarehouseEmulator } from '../../emulators/warehouse/server.ts';
import { createBcConnector } from '../connectors/bc/index.ts';
import type { Logger } from '../core/logger.ts';

export interface StockEvents {
  stop(): void;
}

const stockedSkus = sandboxCatalogue.filter((item) => item.initialStock > 0 && !item.sku.startsWith('GIFT')).map((item) => item.sku);

export function startStockEvents(options: {
  bc: RunningBcEmulator;
  warehouse?: RunningWarehouseEmulator;
  everyMs: number;
  logger: Logger;
  random?: () => number;
}): StockEvents {
  const random = options.random ?? Math.random;
  const bc = createBcConnector({
    config: {
      baseUrl: options.bc.url,
      authorityHost: options.bc.url,
      tenantId: options.bc.tenantId,
      environment: options.bc.environment,
      company: { id: options.bc.companyId },
      clientId: options.bc.clientId,
    },
    clientSecret: options.bc.clientSecret,
  });
  let count = 0;
  const pick = () => stockedSkus[Math.floor(random() * stockedSkus.length)]!;
  const tick = async () => {
    count += 1;
    const sku = pick();
    if (count % 2 === 1 || !options.warehouse) {
      const scend = (await bc.listLocations()).find((location) => location.code === 'SCEND');
      const order = await bc.createSalesOrder({
        externalDocumentNumber: `MARKETPLACE-${String(count).padStart(5, '0')}`,
        customerNumber: 'C00010',
        orderDate: new Date().toISOString().slice(0, 10),
        pricesIncludeTax: true,
        lines: [{ lineType: 'Item', lineObjectNumber: sku, quantity: '1', unitPrice: '20.00', ...(scend ? { locationId: scend.id } : {}) }],
      });
      options.logger.info({ sku, order: order.number }, 'sandbox: another channel sold a unit in BC');
    } else {
      options.warehouse.emulator.control.writeOff(sku, 1, 'Damaged in the warehouse');
      options.logger.info({ sku }, 'sandbox: Scend wrote a unit off');
    }
  };
  const timer = setInterval(() => {
    tick().catch((error: unknown) =>
      options.logger.warn({ error: error instanceof Error ? error.message : String(error) }, 'sandbox stock event failed'),
    );
  }, options.everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
