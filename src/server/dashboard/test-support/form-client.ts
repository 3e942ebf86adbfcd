/**
 * Drives the dashboard through `app.request` the way a browser would: it keeps cookies,
 * says its requests are same-origin, and posts forms with the token the last page carried.
 */
export interface Requester {
  request(input: string, init?: RequestInit): Response | Promise<Response>;
}

export interface Page {
  status: number;
  location: string | null;
  body: string;
  headers: Headers;
}

export class FormClient {
  readonly cookies = new Map<string, string>();
  /** Raw Set-Cookie headers seen, for checking their attributes. */
  readonly setCookies: string[] = [];

  private readonly app: Requester;
  private readonly origin;
  constructor(app: Requester, origin = 'http://127.0.0.1:8080') {
    this.app = app;
    this.origin = origin;
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<Page> {
    return this.send(path, { method: 'GET', headers });
  }

  async post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Page> {
    return this.send(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin', origin: this.origin, ...headers },
      body: new URLSearchParams(fields).toString(),
    });
  }

  /** Follows a redirect answer with a GET, as a browser does after a form post. */
  async follow(page: Page): Promise<Page> {
    if (!page.location) throw new Error(`expected a redirect, got ${page.status}`);
    return this.get(page.location);
  }

  private async send(path: string, init: RequestInit): Promise<Page> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set('cookie', [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    const response = await this.app.request(`${this.origin}${path}`, { ...init, headers });
    for (const line of response.headers.getSetCookie()) {
      this.setCookies.push(line);
      const [pair = ''] = line.split(';');
      const equals = pair.indexOf('=');
      const name = pair.slice(0, equals).trim();
      const value = pair.slice(equals + 1).trim();
      if (/max-age=0/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return { status: response.status, location: response.headers.get('location'), body: await response.text(), headers: response.headers };
  }
}

/** The form token a rendered page carries. */
export function csrfOf(body: string): string {
  const match = /name="csrf" value="([^"]+)"/.exec(body);
  if (!match) throw new Error('the page has no form token');
  return match[1]!;
}

/** Visible text of an HTML fragment, roughly: tags dropped, entities decoded, spaces collapsed. */
export function textOf(body: string): string {
  return body
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
