/**
 * Mintsoft order statuses. Ids differ per database and only `NEW` = 1 and `ONBACKORDER` = 5
 * are confirmed in public material, so ids are read at run time from
 * `GET /api/Order/Statuses`; the mapping to the hub's vocabulary is by internal `Name`
 * (the `ExternalName` is the 3PL's customisable label). An unknown name maps to
 * `exception`, so an operator sees it instead of the hub guessing.
 */
import { z } from 'zod';
import type { WarehouseOrderStatus } from '../../../core/domain/warehouse.ts';
import type { Logger } from '../../../core/logger.ts';
import type { MintsoftClient } from './client.ts';
import { endpoints } from './endpoints.ts';
import { orderStatusWire } from './schemas.ts';

/** The documented statuses and their meaning for the hub (reference: warehouse.md §2.4). */
export const hubStatusByMintsoftName: Record<string, WarehouseOrderStatus> = {
  NEW: 'released',
  PRINTED: 'released',
  AWAITINGPICKING: 'released',
  PICKINGSTARTED: 'picking',
  PACKANDHOLD: 'packed',
  DESPATCHED: 'despatched',
  INVOICED: 'despatched',
  INVOICEDFAILED: 'despatched',
  HOLDING: 'exception',
  ONBACKORDER: 'backordered',
  AWAITINGCONFIRMATION: 'on_hold',
  AWAITINGPAYMENT: 'on_hold',
  AWAITINGDOCUMENTATION: 'on_hold',
  AWAITINGADDITIONALITEM: 'on_hold',
  QUERYRAISED: 'exception',
  FAILED: 'rejected',
  CANCELLED: 'cancelled',
};

/** The only ids public material confirms; everything else comes from the API. */
export const confirmedStatusIds = { NEW: 1, ONBACKORDER: 5 } as const;

const reloadAfterMissMs = 10 * 60_000;

export interface ResolvedStatus {
  /** Mintsoft's internal name, or `#<id>` when the id is unknown. */
  name: string;
  status: WarehouseOrderStatus;
}

export class OrderStatusBook {
  private names = new Map<number, string>();
  private loaded: Promise<void> | undefined;
  private lastMissReload = Number.NEGATIVE_INFINITY;

  private readonly client: MintsoftClient;
  private readonly overrides: Record<string, WarehouseOrderStatus>;
  private readonly logger: Logger;
  private readonly now: () => number;
  constructor(client: MintsoftClient, overrides: Record<string, WarehouseOrderStatus>, logger: Logger, now: () => number = Date.now) {
    this.client = client;
    this.overrides = overrides;
    this.logger = logger;
    this.now = now;
    for (const [name, id] of Object.entries(confirmedStatusIds)) this.names.set(id, name);
  }

  /** Loads the table once; concurrent callers share the request. */
  load(): Promise<void> {
    this.loaded ??= this.fetch().catch((error: unknown) => {
      this.loaded = undefined;
      throw error;
    });
    return this.loaded;
  }

  async resolve(id: number): Promise<ResolvedStatus> {
    await this.load();
    if (!this.names.has(id) && this.now() - this.lastMissReload >= reloadAfterMissMs) {
      // A status added since start-up: read the table again, at most every ten minutes.
      this.lastMissReload = this.now();
      await this.fetch();
    }
    return this.resolveKnown(id);
  }

  /** Without I/O, from what is loaded (callback parsing is synchronous). */
  resolveKnown(id: number): ResolvedStatus {
    const name = this.names.get(id);
    if (name === undefined) return { name: `#${id}`, status: 'exception' };
    return { name, status: this.mapName(name) };
  }

  mapName(name: string): WarehouseOrderStatus {
    const key = name.trim().toUpperCase();
    const override = Object.entries(this.overrides).find(([candidate]) => candidate.trim().toUpperCase() === key)?.[1];
    const status = override ?? hubStatusByMintsoftName[key];
    if (status === undefined) this.logger.warn({ wmsStatus: name }, 'unknown Mintsoft order status: treated as an exception');
    return status ?? 'exception';
  }

  private async fetch(): Promise<void> {
    const statuses = await this.client.request(endpoints.orderStatuses, { schema: z.array(orderStatusWire) });
    for (const status of statuses) this.names.set(status.ID, status.Name);
  }
}
