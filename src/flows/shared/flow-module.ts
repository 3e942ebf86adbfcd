/**
 * What a flow folder exports (its `module.ts`): everything the hub needs to run the flow, so
 * adding a flow is one folder and one line in src/composition/flow-modules.ts (decision 0025).
 * `define` gets all it uses per connection set (the store, the queue, the connectors, the
 * configuration) through its context, never from globals: running the flows once per
 * connection set is then a loop over connection sets calling the same functions.
 */
import type { Clock } from '../../core/clock.ts';
import type { Logger } from '../../core/logger.ts';
import type { LoadedConfig } from '../../config/load-config.ts';
import type { HubConfig } from '../../config/schema.ts';
import type { Connectors } from '../../composition/connectors.ts';
import type { WarehouseEvent, WarehousePort } from '../../connectors/warehouse/index.ts';
import type { RecordRetrier } from '../../operations/local-operations.ts';
import type { MonitorFigure } from '../../operations/types.ts';
import type { JobQueue } from '../../queue/job-queue.ts';
import type { WebhookTopicHandler } from '../../server/shopify-webhooks.ts';
import type { Executor, Store } from '../../store/open-store.ts';
import type { ExceptionDefinition } from './exception-catalogue.ts';

/**
 * What each defined flow hands to the flows after it and to the hub (its deps, mostly),
 * by flow name. Each module adds its own entry from its own file, by declaration merging
 * (`declare module '../shared/flow-module.ts' { interface FlowHandles { … } }`), so this
 * file lists no flow.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by each module.ts
export interface FlowHandles {}

export type FlowName = keyof FlowHandles & string;

/** Everything a flow is built from, for one connection set (shop ↔ BC company ↔ warehouse). */
export interface FlowContext {
  store: Store;
  queue: JobQueue;
  loaded: LoadedConfig;
  connectors: Connectors;
  /** The warehouse of this connection set; absent when the configuration has none. */
  warehouse?: WarehousePort;
  clock: Clock;
  /** The hub's logger; a flow logs through a child naming it. */
  logger: Logger;
  fetch?: typeof globalThis.fetch;
  /** The hub's own address, for links in what it sends when no public URL is configured. */
  hubUrl?: string;
  /**
   * The handles of the modules defined before this one in the list. A flow that feeds or
   * reads another (the orders listing feeding the refunds safety net, say) links to it here,
   * which is why the list's order matters.
   */
  flows: Partial<FlowHandles>;
}

/** A warehouse callback event's handler, by event type. */
export type WarehouseEventHandlers = {
  [Type in WarehouseEvent['type']]?: (event: Extract<WarehouseEvent, { type: Type }>) => Promise<string>;
};

/** What defining a flow gives the hub. */
export interface FlowDefinition<Handles> {
  handles: Handles;
  /** Its jobs and schedules on the queue; the loop calls it only when the flow is enabled. */
  defineJobs(): void;
  /** Shopify webhook topics it takes in (offered even when the flow is off, as before modules). */
  webhookTopics?: Record<string, WebhookTopicHandler>;
  /** BC entity sets whose notifications wake it; a set several flows watch wakes them all. */
  bcTriggers?: Record<string, () => Promise<unknown>>;
  /** Warehouse callback events it takes in; the hub answers `flow-disabled` for them while it is off. */
  warehouseEvents?: WarehouseEventHandlers;
}

/** What the operator's retry and status need: the CLI has these without connectors or defined flows. */
export interface OperatorAccess {
  store: Store;
  queue: JobQueue;
}

export interface MonitorAccess {
  db: Executor;
  loaded: LoadedConfig;
  clock: Clock;
}

/** Words for the operator about one kind of record (a flow, or a kind it makes, such as customers). */
export interface RecordKindWording {
  /** What a waiting record waits for. */
  waiting?: string;
  /** What "posted" means: which document exists now. */
  posted?: string;
}

export interface FlowModule<Name extends FlowName = FlowName> {
  /** The flow's name: its records' `flow`, its folder's name. */
  name: Name;
  /**
   * `hub` for a flow that serves the whole hub (alerts): defined once, with the first
   * connection's context. Others are defined once per connection (decision 0026).
   */
  scope?: 'hub' | 'connection';
  /** Whether its jobs and schedules run. */
  enabled(config: HubConfig): boolean;
  /** Builds the flow for one connection set; undefined when it cannot run there at all (no warehouse). */
  define(context: FlowContext): FlowDefinition<FlowHandles[Name]> | undefined;
  /** How the operator's retry puts each of its record kinds back in the queue. */
  retriers(access: OperatorAccess): Record<string, RecordRetrier>;
  /** Figures for `ledgerbridge status` and the overview. */
  monitors?(access: MonitorAccess): (() => Promise<MonitorFigure[]>)[];
  /** Record kinds it makes besides its own, with no jobs of their own: their status row runs with this flow. */
  otherRecordKinds?: readonly string[];
  /** Operator wording by record kind. */
  wording?: Record<string, RecordKindWording>;
  /** Every exception it raises: owner, severity, what to do. */
  exceptions: Record<string, ExceptionDefinition>;
}
