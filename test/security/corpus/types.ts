/** The shape of one hostile HTTP input and what the hub must do with it. */
import type { HostileHub } from '../support/hostile-hub.ts';
import type { RawRequest, RawResponse } from '../support/raw-http.ts';

export interface CaseContext {
  hub: HostileHub;
  /** The form token of the open hub's pages (no session). */
  openCsrf(): Promise<string>;
  /** A signed-in session on the hub with a token: its cookie header and form token. */
  session(): Promise<{ cookie: string; csrf: string }>;
  /** An open exception no case has touched yet, for inputs that may change one. */
  freshException(): number;
}

export interface AuditExpectation {
  actor: string;
  /** `rejected` unless said otherwise (an unreadable warehouse callback opens an exception instead). */
  action?: string;
  entity?: string;
  /** The reason kept; the answer's message unless said otherwise. */
  reason?: RegExp;
  /** Text the kept body evidence must hold, e.g. `\u0000` for a NUL byte, escaped. */
  evidence?: string;
}

export interface HttpCase {
  name: string;
  /** `open`: the hub without an operator token; `token`: the hub with one. */
  hub?: 'open' | 'token';
  request: RawRequest | ((ctx: CaseContext) => RawRequest | Promise<RawRequest>);
  status: number;
  /** What the answer says: the JSON error's message, or the page's text. */
  message?: RegExp;
  /**
   * The audit entry the input leaves; `none` when nothing is refused (the input is accepted as
   * harmless) or when Node's HTTP parser refuses the request before it reaches the hub.
   */
  audit: AuditExpectation | 'none';
  /** Further checks on what was accepted (a stored delivery, a woken poll). */
  check?(ctx: CaseContext, response: RawResponse): Promise<void>;
}
