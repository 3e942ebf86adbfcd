/**
 * Builds one warehouse emulator: settings, state (seeded from the sandbox catalogue), the
 * floor, callbacks, faults, and the Hono app with Mintsoft's API under `/api` and the
 * control surface under `/_emulator`.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { mountCatalogueApi } from './api-catalogue.ts';
import { mountInboundApi } from './api-inbound.ts';
import { mountOrderApi } from './api-orders.ts';
import { CallbackDispatcher } from './callbacks.ts';
import { createControl, type WarehouseControl } from './control.ts';
import { controlRoutes } from './control-routes.ts';
import { MintsoftHttpError, type EmulatorDeps, type EmulatorEnv } from './deps.ts';
import { createDice } from './dice.ts';
import { FaultBook } from './faults.ts';
import { runFloor } from './floor.ts';
import { mountGuard, wireJson } from './http.ts';
import { seedCatalogue } from './reference-data.ts';
import { resolveSettings, type WarehouseEmulatorOptions, type WarehouseEmulatorSettings } from './settings.ts';
import { WarehouseState } from './state.ts';

export interface WarehouseEmulator {
  app: Hono<EmulatorEnv>;
  settings: WarehouseEmulatorSettings;
  state: WarehouseState;
  control: WarehouseControl;
  callbacks: CallbackDispatcher;
  /** Resolves once no callback is waiting or being sent. */
  callbacksIdle(): Promise<void>;
  /** Releases requests held by `hang` faults. */
  releaseHangs(): void;
  /** Stops the floor and pending callbacks. */
  close(): Promise<void>;
}

export function createWarehouseEmulator(options: WarehouseEmulatorOptions = {}): WarehouseEmulator {
  const settings = resolveSettings(options);
  const state = new WarehouseState(settings.clock);
  const dice = createDice(settings.seed);
  const callbacks = new CallbackDispatcher({
    clock: settings.clock,
    dice,
    fetch: settings.fetch,
    retryDelaysMs: settings.callbackRetryDelaysMs,
    logger: settings.logger,
  });
  const deps: EmulatorDeps = { settings, state, dice, callbacks, faults: new FaultBook(), requests: [], hangs: new Set() };
  const seed = () => {
    state.clear();
    if (settings.seedCatalogue) seedCatalogue(state);
  };
  seed();
  const control = createControl(deps, seed);
  const app = new Hono<EmulatorEnv>();
  app.onError((error) => {
    if (error instanceof MintsoftHttpError) return wireJson({ Message: error.message }, error.status);
    if (error instanceof z.ZodError) return wireJson({ Message: z.prettifyError(error) }, 400);
    if (error instanceof SyntaxError) return wireJson({ Message: `The request is invalid: ${error.message}` }, 400);
    settings.logger.error({ err: error }, 'warehouse emulator failed');
    return wireJson({ Message: 'An error has occurred.' }, 500);
  });
  mountGuard(app, deps);
  mountOrderApi(app, deps);
  mountCatalogueApi(app, deps);
  mountInboundApi(app, deps);
  app.route('/_emulator', controlRoutes(control));
  app.notFound((c) => wireJson({ Message: `No HTTP resource was found that matches the request URI '${c.req.path}'.` }, 404));

  const stop = new AbortController();
  const floor = settings.floor.auto ? runFloor(deps, stop.signal) : Promise.resolve();
  const releaseHangs = () => {
    for (const release of deps.hangs) release();
    deps.hangs.clear();
  };
  return {
    app,
    settings,
    state,
    control,
    callbacks,
    callbacksIdle: () => callbacks.idle(),
    releaseHangs,
    async close() {
      stop.abort();
      releaseHangs();
      await Promise.all([floor, callbacks.close()]);
    },
  };
}
