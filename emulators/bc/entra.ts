/**
 * A stand-in for the Microsoft Entra ID token endpoint (client credentials only) and the
 * bearer check BC does on every API call. Errors use Entra's shapes and AADSTS codes so a
 * client's handling of a wrong secret or scope is tested against realistic answers.
 */
import { randomBytes } from 'node:crypto';
import { BcHttpError } from './http-error.ts';
import type { BcEmulatorSettings } from './settings.ts';

export const bcScope = 'https://api.businesscentral.dynamics.com/.default';

interface IssuedToken {
  clientId: string;
  expiresAt: number;
}

export interface TokenAnswer {
  status: number;
  body: Record<string, unknown>;
}

function entraError(status: number, error: string, description: string): TokenAnswer {
  return {
    status,
    body: {
      error,
      error_description: `${description}\r\nTrace ID: ${randomBytes(16).toString('hex')}`,
      error_codes: [Number(description.slice(5, description.indexOf(':')))],
    },
  };
}

export class TokenIssuer {
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly settings: BcEmulatorSettings;
  issued = 0;

  constructor(settings: BcEmulatorSettings) {
    this.settings = settings;
  }

  issue(tenant: string, form: URLSearchParams): TokenAnswer {
    const { settings } = this;
    if (tenant !== settings.tenantId) return entraError(400, 'invalid_request', `AADSTS90002: Tenant '${tenant}' not found.`);
    if (form.get('grant_type') !== 'client_credentials') {
      return entraError(400, 'unsupported_grant_type', 'AADSTS70003: The app requested an unsupported grant type.');
    }
    if (form.get('client_id') !== settings.clientId) {
      return entraError(
        400,
        'unauthorized_client',
        `AADSTS700016: Application with identifier '${form.get('client_id') ?? ''}' was not found in the directory.`,
      );
    }
    if (form.get('client_secret') !== settings.clientSecret) {
      return entraError(
        401,
        'invalid_client',
        `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value.`,
      );
    }
    if (form.get('scope') !== bcScope) {
      return entraError(400, 'invalid_scope', `AADSTS70011: The provided value for the input parameter 'scope' is not valid.`);
    }
    const token = `bcemu.${randomBytes(24).toString('base64url')}`;
    const lifetime = settings.tokenLifetimeSeconds;
    this.tokens.set(token, { clientId: settings.clientId, expiresAt: settings.clock.now() + lifetime * 1000 });
    this.issued += 1;
    return { status: 200, body: { token_type: 'Bearer', expires_in: lifetime, ext_expires_in: lifetime, access_token: token } };
  }

  /** The app registration behind a request's bearer token; 401 the way BC answers otherwise. */
  verify(authorization: string | undefined): string {
    const token = authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
    const issued = token === undefined ? undefined : this.tokens.get(token);
    if (!issued || issued.expiresAt <= this.settings.clock.now()) {
      throw new BcHttpError(401, 'Authentication_InvalidCredentials', 'The server has rejected the client credentials.', {
        'www-authenticate': `Bearer authorization_uri="https://login.microsoftonline.com/${this.settings.tenantId}/oauth2/authorize", error="invalid_token"`,
      });
    }
    return issued.clientId;
  }

  revokeAll(): number {
    const count = this.tokens.size;
    this.tokens.clear();
    return count;
  }
}
