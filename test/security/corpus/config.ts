/**
 * Hostile configuration files (and the operator token beside them), as `ledgerbridge start`
 * reads them: every one is refused with a ConfigError naming the setting (or the file) and
 * what is wrong, before anything is opened, listened on or written.
 */
export interface ConfigCase {
  name: string;
  /** The file's content; `null` for cases that name a path that is no file (see `path`). */
  content: string | Uint8Array | null;
  /** A path instead of a written file: `{dir}` is the case's directory. */
  path?: string;
  env?: Record<string, string>;
  /** The path the problem names, and what it says. */
  problem: { path: RegExp; message: RegExp };
}

/** A configuration every case starts from: valid on its own (the test checks that). */
export const validConfig = `
hub: { name: hostile }
store: { backend: embedded, dataDir: ./data }
server: { host: 127.0.0.1, port: 0 }
shopify: { shopDomain: brand.myshopify.com, auth: token }
bc:
  tenantId: tenant
  environment: sandbox
  company: { name: Hostile Ltd }
  clientId: hub
`;

const withLine = (section: string, line: string) => validConfig.replace(`${section}: {`, `${section}: { ${line},`);
const alias = (depth: number) =>
  [
    'a: &a ["x","x","x","x","x","x","x","x","x"]',
    ...Array.from(
      { length: depth },
      (_, i) =>
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(97 + i)}`)
          .join(',')}]`,
    ),
  ].join('\n');

export const configCases: ConfigCase[] = [
  // Files that are not configuration text.
  { name: 'config: a directory', content: null, path: '{dir}', problem: { path: /\(file\)/, message: /is not a regular file/ } },
  { name: 'config: /dev/zero', content: null, path: '/dev/zero', problem: { path: /\(file\)/, message: /is not a regular file/ } },
  { name: 'config: a named pipe', content: null, path: '{fifo}', problem: { path: /\(file\)/, message: /is not a regular file/ } },
  {
    name: 'config: a file that does not exist',
    content: null,
    path: '{dir}/missing.yaml',
    problem: { path: /\(file\)/, message: /cannot read the file/ },
  },
  {
    name: 'config: a 2 MB file',
    content: `${validConfig}\n# ${'x'.repeat(2_000_000)}\n`,
    problem: { path: /\(file\)/, message: /is 2000\d+ bytes; a configuration file is at most 1048576 bytes/ },
  },
  { name: 'config: a NUL byte', content: `${validConfig}\u0000`, problem: { path: /\(file\)/, message: /holds a NUL byte/ } },
  {
    name: 'config: invalid UTF-8',
    content: Buffer.concat([Buffer.from(validConfig), Buffer.from([0xc3, 0x28])]),
    problem: { path: /\(file\)/, message: /is not UTF-8 text/ },
  },
  {
    name: 'config: UTF-16 text',
    content: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(validConfig, 'utf16le')]),
    problem: { path: /\(file\)/, message: /is not UTF-8 text/ },
  },

  // YAML that is not a configuration.
  { name: 'config: not YAML', content: 'server: [unclosed\nbc: {', problem: { path: /\(yaml\)/, message: /./ } },
  {
    name: 'config: a list at the root',
    content: '- a\n- b\n',
    problem: { path: /\(root\)/, message: /it is a list, but must be a group of settings/ },
  },
  {
    name: 'config: a scalar at the root',
    content: 'just text',
    problem: { path: /\(root\)/, message: /it is the text "just text", but must be a group of settings/ },
  },
  { name: 'config: an empty file', content: '', problem: { path: /^shopify$/, message: /is required/ } },
  { name: 'config: an alias bomb (billion laughs)', content: alias(6), problem: { path: /\(yaml\)/, message: /resource exhaustion/ } },
  {
    name: 'config: sequences nested 20,000 deep',
    content: `${'['.repeat(20_000)}${']'.repeat(20_000)}`,
    problem: { path: /\(yaml\)|\(root\)/, message: /./ },
  },
  {
    name: 'config: a merge key',
    content: `${validConfig}\nbase: &b { port: 1 }\nextra:\n  <<: *b\n`,
    problem: { path: /^(base|extra)$/, message: /unknown setting/ },
  },
  {
    name: 'config: a custom tag',
    content: withLine('hub', 'name: !!js/function "return 1"'),
    problem: { path: /\(yaml\)|hub\.name/, message: /./ },
  },
  {
    name: 'config: a __proto__ setting',
    content: `${validConfig}\n__proto__: { polluted: true }\n`,
    problem: { path: /^__proto__$/, message: /unknown setting/ },
  },
  {
    name: 'config: a constructor setting',
    content: withLine('server', 'constructor: { prototype: 1 }'),
    problem: { path: /^server\.constructor$/, message: /unknown setting/ },
  },
  {
    name: 'config: a misspelt section',
    content: `${validConfig}\nserer: { port: 1 }\n`,
    problem: { path: /^serer$/, message: /unknown setting/ },
  },
  {
    name: 'config: 10,000 unknown settings',
    content: `${validConfig}\nextra:\n${Array.from({ length: 10_000 }, (_, i) => `  k${i}: ${i}`).join('\n')}\n`,
    problem: { path: /^extra$/, message: /unknown setting/ },
  },

  // Settings with hostile values.
  {
    name: 'config: a port with a shell command',
    content: validConfig.replace('port: 0', 'port: "8080; rm -rf /"'),
    problem: { path: /^server\.port$/, message: /it is the text "8080; rm -rf \/", but must be a number/ },
  },
  {
    name: 'config: port 70000',
    content: validConfig.replace('port: 0', 'port: 70000'),
    problem: { path: /^server\.port$/, message: /Too big/ },
  },
  {
    name: 'config: port -1',
    content: validConfig.replace('port: 0', 'port: -1'),
    problem: { path: /^server\.port$/, message: /Too small/ },
  },
  {
    name: 'config: a host with a NUL',
    content: validConfig.replace('host: 127.0.0.1', 'host: "127.0.0.1\\0"'),
    problem: { path: /^server\.host$/, message: /holds a control character/ },
  },
  {
    name: 'config: a data directory with an escape',
    content: validConfig.replace('dataDir: ./data', 'dataDir: "./data\\e[2J"'),
    problem: { path: /^store\.dataDir$/, message: /holds a control character/ },
  },
  {
    name: 'config: a javascript: public URL',
    content: withLine('server', 'publicUrl: "javascript:alert(1)"'),
    problem: { path: /^server\.publicUrl$/, message: /Invalid URL/ },
  },
  {
    name: 'config: a file: public URL',
    content: withLine('server', 'publicUrl: "file:///etc/passwd"'),
    problem: { path: /^server\.publicUrl$/, message: /Invalid URL/ },
  },
  {
    name: 'config: a gopher: admin URL',
    content: validConfig.replace('auth: token', 'auth: token, adminUrl: "gopher://127.0.0.1:70/"'),
    problem: { path: /^shopify\.adminUrl$/, message: /Invalid URL/ },
  },
  {
    name: 'config: a trusted proxy by name',
    content: withLine('server', 'trustedProxies: [proxy.internal]'),
    problem: { path: /^server\.trustedProxies\.0$/, message: /expected an IP address or a CIDR range/ },
  },
  {
    name: 'config: a trusted proxy /40',
    content: withLine('server', 'trustedProxies: ["10.0.0.0/40"]'),
    problem: { path: /^server\.trustedProxies\.0$/, message: /expected an IP address or a CIDR range/ },
  },
  {
    name: 'config: a body limit of a terabyte',
    content: withLine('server', 'maxBodyBytes: 1000000000000'),
    problem: { path: /^server\.maxBodyBytes$/, message: /Too big/ },
  },
  {
    name: 'config: a negative body limit',
    content: withLine('server', 'bcMaxBodyBytes: -1'),
    problem: { path: /^server\.bcMaxBodyBytes$/, message: /Too small/ },
  },
  {
    name: 'config: a shop that is not on myshopify.com',
    content: validConfig.replace('brand.myshopify.com', 'evil.example.com'),
    problem: { path: /^shopify\.shopDomain$/, message: /myshopify\.com domain/ },
  },
  {
    name: 'config: a shop domain with a suffix',
    content: validConfig.replace('brand.myshopify.com', 'brand.myshopify.com.evil.example'),
    problem: { path: /^shopify\.shopDomain$/, message: /myshopify\.com domain/ },
  },
  {
    name: 'config: a reference prefix with SQL',
    content: `${validConfig}\nflows: { orders: { referencePrefix: "S'; DROP" } }\n`,
    problem: { path: /^flows\.orders\.referencePrefix$/, message: /letters, digits and dashes only/ },
  },
  {
    name: 'config: a cron with a command after it',
    content: `${validConfig}\nflows: { orders: { pollCron: "* * * * * ; rm -rf /" } }\n`,
    problem: { path: /^flows\.orders\.pollCron$/, message: /five-field cron/ },
  },
  {
    name: 'config: a company id that is not a GUID',
    content: validConfig.replace('company: { name: Hostile Ltd }', 'company: { id: "1 OR 1=1" }'),
    problem: { path: /^bc\.company/, message: /./ },
  },

  // Exposure: the hub reachable from elsewhere needs a long operator token.
  {
    name: 'config: listening on every address without a token',
    content: validConfig.replace('host: 127.0.0.1', 'host: 0.0.0.0'),
    problem: { path: /^server\.host$/, message: /reachable from other machines, but no operator token is set/ },
  },
  {
    name: 'config: a public URL without a token',
    content: withLine('server', 'publicUrl: "https://hub.example.com"'),
    problem: { path: /^server\.publicUrl$/, message: /no operator token is set/ },
  },
  {
    name: 'config: trusted proxies without a token',
    content: withLine('server', 'trustedProxies: ["10.0.0.1"]'),
    problem: { path: /^server\.trustedProxies$/, message: /no operator token is set/ },
  },
  {
    name: 'config: an operator token of 12 characters',
    content: validConfig,
    env: { LEDGERBRIDGE_API_TOKEN: 'short-token1' },
    problem: { path: /^LEDGERBRIDGE_API_TOKEN$/, message: /is 12 characters; the operator token must be 32 characters or more/ },
  },
];
