/**
 * One API request as the handlers see it, whether it came over HTTP or as an operation
 * inside a `$batch`, and the two API surfaces the emulator serves under one host.
 */
import { badRequest } from './http-error.ts';
import type { EdmModel } from './metadata.ts';
import { parseJsonBody } from './wire.ts';

export interface ApiSurface {
  name: 'standard' | 'companion';
  /** Path segment(s) after `/api/`: `v2.0` or `ledgerbridge/integration/v1.0`. */
  prefix: string;
  model: EdmModel;
}

export interface ApiRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: string;
  /** The path after `/api/{prefix}/`, undecoded. */
  path: string;
  /** The app registration the bearer token belongs to. */
  user: string;
  /** Set for an operation inside a `$batch`. */
  batch?: { isolated: boolean };
}

/** `https://host/v2.0/{tenant}/{env}/api/{prefix}` of a request. */
export function apiRootOf(request: ApiRequest, surface: ApiSurface): string {
  const marker = `/api/${surface.prefix}`;
  const href = request.url.href;
  return href.slice(0, href.indexOf(marker) + marker.length);
}

/** The request body as JSON, numbers kept exact; BC's answer to a body it cannot read. */
export function readBody(request: ApiRequest): unknown {
  try {
    return parseJsonBody(request.body);
  } catch {
    throw badRequest('Invalid Request Body');
  }
}
