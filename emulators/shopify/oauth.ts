/**
 * Access tokens the emulator accepts: the permanent token of a "legacy custom app", and
 * tokens it issues through the client-credentials grant, which expire like Shopify's.
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../src/core/clock.ts';

export interface TokenRegistryOptions {
  accessToken: string;
  clientId: string;
  clientSecret: string;
  clock: Clock;
  /** Lifetime of issued tokens; Shopify's is about a day. */
  lifetimeSeconds: number;
  scopes: string;
}

export class TokenRegistry {
  private readonly issued = new Map<string, number>();
  /** Grants served, so tests can see a client renewing ahead of expiry. */
  grants = 0;

  private readonly options: TokenRegistryOptions;
  constructor(options: TokenRegistryOptions) {
    this.options = options;
  }

  isValid(token: string | undefined | null): boolean {
    if (!token) return false;
    if (token === this.options.accessToken) return true;
    const expiresAt = this.issued.get(token);
    return expiresAt !== undefined && this.options.clock.now() < expiresAt;
  }

  grant(input: Record<string, unknown>): { status: 200; body: Record<string, unknown> } | { status: 400; body: Record<string, unknown> } {
    if (input.grant_type !== 'client_credentials') {
      return { status: 400, body: { error: 'unsupported_grant_type', error_description: 'grant_type must be client_credentials' } };
    }
    if (input.client_id !== this.options.clientId || input.client_secret !== this.options.clientSecret) {
      return { status: 400, body: { error: 'invalid_client', error_description: 'Client authentication failed' } };
    }
    const token = `shpat_${randomBytes(16).toString('hex')}`;
    this.issued.set(token, this.options.clock.now() + this.options.lifetimeSeconds * 1000);
    this.grants += 1;
    return { status: 200, body: { access_token: token, scope: this.options.scopes, expires_in: this.options.lifetimeSeconds } };
  }

  reset(): void {
    this.issued.clear();
    this.grants = 0;
  }
}
