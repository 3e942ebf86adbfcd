/**
 * The HTTP face of the emulator: the Entra token endpoint and the API routes under the real
 * URL shapes, `/v2.0/{tenant}/{environment}/api/v2.0/…` and, for the companion extension,
 * `/v2.0/{tenant}/{environment}/api/ledgerbridge/integration/v1.0/…`. Each API request is
 * authenticated, admitted by the limits, offered to the fault book, then handled.
 */
import type { Context, Hono } from 'hono';
import type { ApiSurface } from './api-request.ts';
import type { EmulatorDeps, EmulatorEnv } from './deps.ts';
import { faultError, type FaultRule } from './faults.ts';
import { handleResource } from './handle-resource.ts';
import { BcHttpError, bcErrorResponse, notFound } from './http-error.ts';
import { silence } from '../shared/silence.ts';

export function mountApi(app: Hono<EmulatorEnv>, deps: EmulatorDeps): void {
  app.post('/:tenant/oauth2/v2.0/token', async (c) => {
    const form = new URLSearchParams(await c.req.text());
    const answer = deps.tokens.issue(c.req.param('tenant'), form);
    return c.json(answer.body, answer.status as 200);
  });
  app.all('/v2.0/:tenant/:environment/api/v2.0/*', (c) => serve(c, deps, deps.surfaces.standard));
  app.all('/v2.0/:tenant/:environment/api/ledgerbridge/integration/v1.0/*', (c) => {
    // A tenant without the extension has no such API: BC answers 404 for the whole root.
    if (!deps.surfaces.companion) return bcErrorResponse(notFound());
    return serve(c, deps, deps.surfaces.companion);
  });
}

async function serve(c: Context<EmulatorEnv>, deps: EmulatorDeps, surface: ApiSurface): Promise<Response> {
  const marker = `/api/${surface.prefix}/`;
  const path = c.req.path.slice(c.req.path.indexOf(marker) + marker.length);
  // The log and the fault book see standard paths as before and companion paths with their prefix.
  const logged = surface.name === 'standard' ? path : `${surface.prefix}/${path}`;
  const method = c.req.method.toUpperCase();
  let fault: FaultRule | undefined;
  let release: (() => void) | undefined;
  let status = 500;
  let answered = true;
  try {
    if (c.req.param('tenant') !== deps.settings.tenantId) throw notFound(`Tenant '${c.req.param('tenant')}' was not found.`);
    if (c.req.param('environment') !== deps.settings.environment)
      throw notFound(`Environment '${c.req.param('environment')}' was not found.`);
    const user = deps.tokens.verify(c.req.header('authorization'));
    release = deps.limits ? await deps.limits.admit(user) : undefined;
    fault = deps.faults.take(method, logged);
    if (fault?.kind === 'latency') await deps.settings.clock.sleep(fault.latencyMs ?? 0);
    if (fault?.kind === 'status') {
      const injected = faultError(fault);
      throw new BcHttpError(injected.status, injected.code, injected.message, injected.headers);
    }
    if (fault?.kind === 'hang' && !fault.commit) return await hangUp(c, deps, () => (answered = false));
    const response = await handleResource(deps, surface, {
      method,
      url: new URL(c.req.url),
      headers: c.req.raw.headers,
      body: method === 'GET' || method === 'DELETE' ? '' : await c.req.text(),
      path,
      user,
    });
    status = response.status;
    if (fault?.kind === 'drop-response') return drop(c, () => (answered = false));
    if (fault?.kind === 'hang') return await hangUp(c, deps, () => (answered = false));
    return response;
  } catch (caught) {
    let error: BcHttpError;
    if (caught instanceof BcHttpError) error = caught;
    else {
      deps.settings.logger.error({ err: caught, method, path }, 'bc emulator failed');
      error = new BcHttpError(500, 'Internal_ServerError', 'An unexpected error occurred in the emulator.');
    }
    status = error.status;
    return bcErrorResponse(error);
  } finally {
    release?.();
    deps.log.add({ at: deps.store.stamp(), method, path: logged, status, answered });
  }
}

/** Cuts the connection with no answer; in-process (no socket) the body stream fails instead. */
function drop(c: Context<EmulatorEnv>, mark: () => void): Response {
  mark();
  const socket = c.env?.incoming?.socket;
  if (socket) {
    socket.destroy();
    return new Response(null, { status: 204 });
  }
  return new Response(new ReadableStream({ start: (controller) => controller.error(new Error('connection dropped by the emulator')) }), {
    status: 201,
  });
}

/** Holds the request (see emulators/shared/silence.ts), noting that it was never answered. */
function hangUp(c: Context<EmulatorEnv>, deps: EmulatorDeps, mark: () => void): Promise<Response> {
  mark();
  return silence(c.env?.incoming?.socket, deps.hangs);
}
