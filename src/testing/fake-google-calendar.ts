import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

interface FakeEvent {
  id: string;
  status: 'confirmed' | 'cancelled';
  [field: string]: unknown;
}

/**
 * A local stand-in for the parts of Google the calendar sync uses: the OAuth token endpoint
 * (authorization code and refresh token grants) and Calendar v3's events (insert, patch, delete, list)
 * and calendar list, with Bearer tokens checked. Deleted events stay as `cancelled`, as Google keeps them.
 */
export class FakeGoogleCalendar {
  readonly calendars = new Map<string, Map<string, FakeEvent>>([
    ['primary', new Map()],
    ['workshop@group.calendar.google.com', new Map()],
  ]);
  /** Every request, in order: method and path. */
  readonly log: string[] = [];
  readonly codes = new Map<string, string>();
  private readonly refreshTokens = new Set<string>();
  private readonly accessTokens = new Set<string>();
  private failures: number[] = [];
  private server: http.Server | undefined;
  base = '';

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      void this.handle(req, res).catch((err: unknown) => {
        res.writeHead(500).end(String(err));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.base;
  }

  async stop() {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** A consent code Google would hand the browser, good for one exchange. */
  issueCode(): string {
    const code = `code-${randomBytes(6).toString('hex')}`;
    this.codes.set(code, `refresh-${randomBytes(6).toString('hex')}`);
    return code;
  }

  /** The next API calls answer these statuses (a 5xx burst), one each. */
  failNext(...statuses: number[]) {
    this.failures.push(...statuses);
  }

  /** Every access token stops working (expired early): the next call gets a 401. */
  expireAccessTokens() {
    this.accessTokens.clear();
  }

  /** The user withdrew Loupe's access: refreshing answers invalid_grant. */
  revokeAll() {
    this.refreshTokens.clear();
    this.accessTokens.clear();
  }

  live(calendarId = 'primary') {
    return [...(this.calendars.get(calendarId)?.values() ?? [])].filter((e) => e.status !== 'cancelled');
  }

  count(what: RegExp) {
    return this.log.filter((l) => what.test(l)).length;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', this.base);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString();
    this.log.push(`${req.method} ${url.pathname}`);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };

    if (url.pathname === '/token' && req.method === 'POST') {
      const form = new URLSearchParams(text);
      let refresh: string | undefined;
      if (form.get('grant_type') === 'authorization_code') {
        refresh = this.codes.get(form.get('code') ?? '');
        this.codes.delete(form.get('code') ?? '');
        if (refresh) this.refreshTokens.add(refresh);
      } else if (form.get('grant_type') === 'refresh_token') {
        const given = form.get('refresh_token') ?? '';
        if (this.refreshTokens.has(given)) refresh = given;
      }
      if (!refresh) return json(400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
      const access = `access-${randomBytes(6).toString('hex')}`;
      this.accessTokens.add(access);
      return json(200, {
        access_token: access,
        expires_in: 3599,
        token_type: 'Bearer',
        scope: 'https://www.googleapis.com/auth/calendar.events',
        ...(form.get('grant_type') === 'authorization_code' ? { refresh_token: refresh } : {}),
      });
    }

    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!bearer || !this.accessTokens.has(bearer)) return json(401, { error: { code: 401, message: 'Invalid Credentials' } });
    const failure = this.failures.shift();
    if (failure) return json(failure, { error: { code: failure, message: 'Backend Error' } });

    if (url.pathname === '/calendar/v3/users/me/calendarList' && req.method === 'GET') {
      return json(200, {
        items: [
          { id: 'primary', summary: 'me@example.test', primary: true },
          { id: 'workshop@group.calendar.google.com', summary: 'Workshop' },
        ],
      });
    }
    const m = /^\/calendar\/v3\/calendars\/([^/]+)\/events(?:\/([^/]+))?$/.exec(url.pathname);
    const calendar = m?.[1] ? this.calendars.get(decodeURIComponent(m[1])) : undefined;
    if (!m || !calendar) return json(404, { error: { code: 404, message: 'Not Found' } });
    const eventId = m[2] ? decodeURIComponent(m[2]) : undefined;
    const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    if (!eventId && req.method === 'GET') {
      const wanted = url.searchParams.getAll('privateExtendedProperty').map((p) => p.split('='));
      const items = [...calendar.values()].filter(
        (e) =>
          (url.searchParams.get('showDeleted') === 'true' || e.status !== 'cancelled') &&
          wanted.every(([k, v]) => (e.extendedProperties as { private?: Record<string, string> } | undefined)?.private?.[k ?? ''] === v),
      );
      return json(200, { kind: 'calendar#events', items });
    }
    if (!eventId && req.method === 'POST') {
      const id = String(body.id ?? '');
      if (!/^[a-v0-9]{5,1024}$/.test(id)) return json(400, { error: { code: 400, message: 'Invalid resource id value.' } });
      if (calendar.has(id)) return json(409, { error: { code: 409, message: 'The requested identifier already exists.' } });
      const event: FakeEvent = { ...body, id, status: 'confirmed' };
      calendar.set(id, event);
      return json(200, event);
    }
    const existing = eventId ? calendar.get(eventId) : undefined;
    if (req.method === 'PATCH') {
      if (!existing) return json(404, { error: { code: 404, message: 'Not Found' } });
      const event: FakeEvent = { ...existing, ...body, id: existing.id, status: body.status === 'confirmed' ? 'confirmed' : existing.status };
      calendar.set(existing.id, event);
      return json(200, event);
    }
    if (req.method === 'DELETE') {
      if (!existing) return json(404, { error: { code: 404, message: 'Not Found' } });
      if (existing.status === 'cancelled') return json(410, { error: { code: 410, message: 'Resource has been deleted' } });
      existing.status = 'cancelled';
      res.writeHead(204).end();
      return;
    }
    return json(405, { error: { code: 405, message: 'Method not allowed' } });
  }
}
