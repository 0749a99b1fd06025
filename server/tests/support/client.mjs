// A small HTTP client that keeps one person's session (cookie and CSRF token),
// so tests read like stories: `const ito = await signIn(server, 'ito')`.
export const DEMO_PASSWORD = 'tsunagu-demo';

export class Client {
  constructor(base) {
    this.base = base;
    this.cookie = null;
    this.csrf = null;
  }

  // Sends a request; `body` is JSON unless `raw` is given. Returns {status, body, headers}.
  async request(method, path, { body, raw, headers = {}, csrf = true } = {}) {
    const h = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (csrf && this.csrf && method !== 'GET') h['x-csrf-token'] = this.csrf;
    let payload;
    if (raw !== undefined) payload = raw;
    else if (body !== undefined) {
      payload = JSON.stringify(body);
      h['content-type'] ??= 'application/json';
    }
    const res = await fetch(this.base + path, { method, headers: h, body: payload, redirect: 'manual' });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const [pair] = setCookie.split(';');
      this.cookie = pair.endsWith('=') ? null : pair;
    }
    const text = await res.text();
    let parsed = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON
    }
    return { status: res.status, body: parsed, headers: res.headers };
  }

  get(path, opts) { return this.request('GET', path, opts); }
  post(path, body, opts = {}) { return this.request('POST', path, { ...opts, body }); }
  patch(path, body, opts = {}) { return this.request('PATCH', path, { ...opts, body }); }
  delete(path, opts) { return this.request('DELETE', path, opts); }

  async signIn(login, password = DEMO_PASSWORD, totp) {
    const body = { login, password };
    if (totp) body.totp = totp;
    const r = await this.post('/api/v1/session', body);
    if (r.status === 200) this.csrf = r.body.csrf_token;
    return r;
  }
}

// A signed-in client for a demo persona; fails the test when sign-in fails.
export async function signIn(server, login, password = DEMO_PASSWORD) {
  const c = new Client(server.base);
  const r = await c.signIn(login, password);
  if (r.status !== 200) throw new Error(`sign-in as ${login} failed: ${r.status} ${JSON.stringify(r.body)}`);
  return c;
}

export function anonymous(server) {
  return new Client(server.base);
}
