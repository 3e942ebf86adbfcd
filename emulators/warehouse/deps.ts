/** What every part of the warehouse emulator shares, passed explicitly. */
import type { HttpBindings } from '@hono/node-server';
import type { CallbackDispatcher } from './callbacks.ts';
import type { Dice } from './dice.ts';
import type { FaultBook } from './faults.ts';
import type { WarehouseEmulatorSettings } from './settings.ts';
import type { WarehouseState } from './state.ts';

export interface RequestLogEntry {
  method: string;
  /** Path without the query, e.g. `/api/Order/100001/Cancel`. */
  path: string;
  status: number;
  /** False when a fault dropped the connection or left it hanging. */
  answered: boolean;
}

export interface EmulatorDeps {
  settings: WarehouseEmulatorSettings;
  state: WarehouseState;
  dice: Dice;
  callbacks: CallbackDispatcher;
  faults: FaultBook;
  requests: RequestLogEntry[];
  /** Requests held open by a `hang` fault; released on reset and close. */
  hangs: Set<() => void>;
}

export type EmulatorEnv = { Bindings: Partial<HttpBindings> };

/** An answer Mintsoft's ASP.NET API would give: a status and `{ "Message": "…" }`. */
export class MintsoftHttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export const notFound = (what: string) => new MintsoftHttpError(404, `${what} not found`);

export function statusIdOf(deps: EmulatorDeps, name: string): number {
  const id = deps.settings.statusIds[name];
  if (id === undefined) throw new Error(`the emulator has no status ${name}`);
  return id;
}

export function statusNameOf(deps: EmulatorDeps, id: number): string {
  return Object.entries(deps.settings.statusIds).find(([, candidate]) => candidate === id)?.[0] ?? `#${id}`;
}
