/**
 * Hostile command lines. Most are refused by the CLI itself, before it opens a store or sends
 * anything (no audit entry: nothing reached the hub); the rest reach the hub through --api and
 * are refused there, with the hub's audit entry.
 */
export interface CliCase {
  name: string;
  /** Arguments after `ledgerbridge`; `{api}` becomes the hub's URL, `{id}` an open exception. */
  args: string[];
  exitCode: number;
  /** What the command says on stderr. */
  message: RegExp;
  /** `none`: refused before the hub; otherwise the hub's audit entry. */
  audit: 'none' | { actor: string; status: number };
  /** The environment's operator token; the hub's own unless said otherwise. */
  token?: string;
}

const viaApi = ['--api', '{api}'];
const long = (length: number, char = 'x') => char.repeat(length);

export const cliCases: CliCase[] = [
  // Exception ids.
  ...['abc', '0', '1e3', '0x10', '1.5', '../../etc/passwd', '__proto__', '99999999999999999999', '\u001b[2J'].map((id): CliCase => ({
    name: `cli: exceptions show ${JSON.stringify(id)}`,
    args: ['exceptions', 'show', id, ...viaApi],
    exitCode: 1,
    message: /is not an exception id/,
    audit: 'none',
  })),
  {
    name: 'cli: exceptions show -1',
    args: ['exceptions', 'show', '-1', ...viaApi],
    exitCode: 1,
    message: /"-1" is not an exception id/,
    audit: 'none',
  },

  // Notes and names.
  {
    name: 'cli: resolve without a note',
    args: ['exceptions', 'resolve', '{id}', ...viaApi],
    exitCode: 1,
    message: /required option '-n, --note <text>' not specified/,
    audit: 'none',
  },
  {
    name: 'cli: resolve with an empty note',
    args: ['exceptions', 'resolve', '{id}', '--note', '  ', ...viaApi],
    exitCode: 1,
    message: /--note is empty/,
    audit: 'none',
  },
  {
    name: 'cli: a note with a terminal title escape',
    args: ['exceptions', 'resolve', '{id}', '--note', '\u001b]0;owned\u0007', ...viaApi],
    exitCode: 1,
    message: /--note holds control characters/,
    audit: 'none',
  },
  {
    name: 'cli: a note with a right-to-left override',
    args: ['exceptions', 'ignore', '{id}', '--note', 'ok \u202eexe.pdf', ...viaApi],
    exitCode: 1,
    message: /--note holds control characters/,
    audit: 'none',
  },
  {
    name: 'cli: a note of 2,001 characters',
    args: ['exceptions', 'resolve', '{id}', '--note', long(2001), ...viaApi],
    exitCode: 1,
    message: /--note is longer than 2000/,
    audit: 'none',
  },
  {
    name: 'cli: a name with a line break',
    args: ['exceptions', 'resolve', '{id}', '--note', 'x', '--by', 'Ana\nroot', ...viaApi],
    exitCode: 1,
    message: /--by holds control characters/,
    audit: 'none',
  },
  {
    name: 'cli: a name of 81 characters',
    args: ['exceptions', 'resolve', '{id}', '--note', 'x', '--by', long(81), ...viaApi],
    exitCode: 1,
    message: /--by is longer than 80/,
    audit: 'none',
  },

  // Corrections.
  {
    name: 'cli: --set without =',
    args: ['exceptions', 'retry', '{id}', '--set', 'email', ...viaApi],
    exitCode: 1,
    message: /--set needs path=value/,
    audit: 'none',
  },
  {
    name: 'cli: --set without a path',
    args: ['exceptions', 'retry', '{id}', '--set', '=x', ...viaApi],
    exitCode: 1,
    message: /--set needs path=value/,
    audit: 'none',
  },
  {
    name: 'cli: --set __proto__',
    args: ['exceptions', 'retry', '{id}', '--set', '__proto__=x', ...viaApi],
    exitCode: 1,
    message: /--set cannot name __proto__/,
    audit: 'none',
  },
  {
    name: 'cli: --set constructor.prototype',
    args: ['exceptions', 'retry', '{id}', '--set', 'constructor.prototype.admin=1', ...viaApi],
    exitCode: 1,
    message: /--set cannot name constructor/,
    audit: 'none',
  },
  {
    name: 'cli: --set a path with spaces',
    args: ['exceptions', 'retry', '{id}', '--set', 'shipping address=x', ...viaApi],
    exitCode: 1,
    message: /--set takes a field path/,
    audit: 'none',
  },
  {
    name: 'cli: --set a value with an escape',
    args: ['exceptions', 'retry', '{id}', '--set', 'email=a\u001bb', ...viaApi],
    exitCode: 1,
    message: /without control characters/,
    audit: 'none',
  },
  {
    name: 'cli: --set a 501-character value',
    args: ['exceptions', 'retry', '{id}', '--set', `email=${long(501)}`, ...viaApi],
    exitCode: 1,
    message: /at most 500 characters/,
    audit: 'none',
  },
  {
    name: 'cli: --set 51 times',
    args: ['exceptions', 'retry', '{id}', ...Array.from({ length: 51 }, (_, i) => ['--set', `attributes.k${i}=v`]).flat(), ...viaApi],
    exitCode: 1,
    message: /--set is accepted at most 50 times/,
    audit: 'none',
  },

  // Lists and searches.
  ...['0', '1001', '1e3', 'abc', '10abc'].map((limit): CliCase => ({
    name: `cli: --limit ${limit}`,
    args: ['exceptions', 'list', '--limit', limit, ...viaApi],
    exitCode: 1,
    message: /--limit takes a whole number from 1 to 1000/,
    audit: 'none',
  })),
  {
    name: 'cli: --limit -5 (looks like an option)',
    args: ['exceptions', 'list', '--limit', '-5', ...viaApi],
    exitCode: 1,
    message: /argument missing|unknown option|--limit takes a whole number/,
    audit: 'none',
  },
  {
    name: 'cli: --owner __proto__',
    args: ['exceptions', 'list', '--owner', '__proto__', ...viaApi],
    exitCode: 1,
    message: /Allowed choices are finance, operations, ecommerce, integration/,
    audit: 'none',
  },
  {
    name: 'cli: --status evil',
    args: ['exceptions', 'list', '--status', 'evil', ...viaApi],
    exitCode: 1,
    message: /Allowed choices are open, resolved, ignored, all/,
    audit: 'none',
  },
  {
    name: 'cli: --flow with a path',
    args: ['exceptions', 'list', '--flow', '../orders', ...viaApi],
    exitCode: 1,
    message: /--flow is not in the expected form/,
    audit: 'none',
  },
  {
    name: 'cli: --flow with an escape',
    args: ['exceptions', 'list', '--flow', 'orders\u001b', ...viaApi],
    exitCode: 1,
    message: /--flow holds control characters/,
    audit: 'none',
  },
  {
    name: 'cli: records show an empty term',
    args: ['records', 'show', ' ', ...viaApi],
    exitCode: 1,
    message: /a record search is 1 to 200 characters/,
    audit: 'none',
  },
  {
    name: 'cli: records show an escape sequence',
    args: ['records', 'show', '\u001b[31mred', ...viaApi],
    exitCode: 1,
    message: /without control characters/,
    audit: 'none',
  },
  {
    name: 'cli: records show 201 characters',
    args: ['records', 'show', long(201), ...viaApi],
    exitCode: 1,
    message: /1 to 200 characters/,
    audit: 'none',
  },
  {
    name: 'cli: records show SQL finds nothing',
    args: ['records', 'show', "1' OR '1'='1", ...viaApi],
    exitCode: 1,
    message: /no record matches 1' OR '1'='1/,
    audit: 'none',
  },

  // Where to connect.
  {
    name: 'cli: --api with another scheme',
    args: ['status', '--api', 'ftp://127.0.0.1/'],
    exitCode: 1,
    message: /--api takes an http or https URL/,
    audit: 'none',
  },
  {
    name: 'cli: --api with a password in it',
    args: ['status', '--api', 'http://op:secret@127.0.0.1:1'],
    exitCode: 1,
    message: /--api takes no user or password/,
    audit: 'none',
  },
  {
    name: 'cli: --api with a shell command after it',
    args: ['status', '--api', 'hub:8080 ; rm -rf /'],
    exitCode: 1,
    message: /--api takes an http or https URL/,
    audit: 'none',
  },
  { name: 'cli: --api that is not a URL', args: ['status', '--api', 'http://[::1'], exitCode: 1, message: /is not a URL/, audit: 'none' },
  {
    name: 'cli: --api where nothing listens',
    args: ['status', '--api', 'http://127.0.0.1:9'],
    exitCode: 1,
    message: /cannot reach the hub at http:\/\/127\.0\.0\.1:9/,
    audit: 'none',
  },
  {
    name: 'cli: --config that is a directory',
    args: ['status', '--config', '{dir}'],
    exitCode: 1,
    message: /\(file\): is not a regular file/,
    audit: 'none',
  },
  {
    name: 'cli: --config /dev/zero',
    args: ['status', '--config', '/dev/zero'],
    exitCode: 1,
    message: /\(file\): is not a regular file/,
    audit: 'none',
  },
  {
    name: 'cli: --config that does not exist',
    args: ['status', '--config', '{dir}/missing.yaml'],
    exitCode: 1,
    message: /cannot read the file/,
    audit: 'none',
  },
  {
    name: 'cli: start with --config /dev/zero',
    args: ['start', '--config', '/dev/zero'],
    exitCode: 1,
    message: /is not a regular file/,
    audit: 'none',
  },

  // Commands and options that do not exist.
  { name: 'cli: an unknown command', args: ['exceptions', 'nuke', '1'], exitCode: 1, message: /unknown command 'nuke'/, audit: 'none' },
  { name: 'cli: an unknown option', args: ['status', '--evil'], exitCode: 1, message: /unknown option '--evil'/, audit: 'none' },
  {
    name: 'cli: emulate a system that is not one',
    args: ['emulate', 'evil'],
    exitCode: 1,
    message: /Allowed choices are shopify, bc, warehouse/,
    audit: 'none',
  },
  {
    name: 'cli: sandbox on port 70000',
    args: ['sandbox', '--hub-port', '70000'],
    exitCode: 1,
    message: /Expected a port from 0 to 65535/,
    audit: 'none',
  },
  {
    name: 'cli: sandbox with a negative rate',
    args: ['sandbox', '--orders-per-minute', '-1'],
    exitCode: 1,
    message: /argument missing|unknown option|Expected a whole number/,
    audit: 'none',
  },
  {
    name: 'cli: emulate on port 1e3',
    args: ['emulate', 'bc', '--port', '1e3'],
    exitCode: 1,
    message: /Expected a whole number/,
    audit: 'none',
  },

  // Refused by the hub, and audited there.
  {
    name: 'cli: a wrong operator token',
    args: ['status', ...viaApi],
    token: 'wrong-token-0123456789abcdef0123456789',
    exitCode: 1,
    message: /the one sent is not it/,
    audit: { actor: 'operator-api', status: 401 },
  },
  {
    name: 'cli: no operator token',
    args: ['exceptions', 'list', ...viaApi],
    token: '',
    exitCode: 1,
    message: /send the operator API token/,
    audit: { actor: 'operator-api', status: 401 },
  },
  {
    name: 'cli: resolving an exception that does not exist',
    args: ['exceptions', 'resolve', '987654', '--note', 'x', ...viaApi],
    exitCode: 1,
    message: /there is no exception 987654/,
    audit: { actor: 'operator-api', status: 404 },
  },
];
