import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TwilioRequest {
  accountSid: string;
  to: string;
  from: string;
  body: string;
  idempotencyToken: string | undefined;
  authorization: string | undefined;
}

/**
 * A local stand-in for Twilio's Messages endpoint over real HTTP. Like Twilio, it honours the
 * idempotency token: a repeated token returns the message already created instead of a new one.
 * `script` answers the next requests with given statuses (500 twice, say) or holds them open.
 */
export class FakeTwilio {
  readonly requests: TwilioRequest[] = [];
  readonly created = new Map<string, { sid: string; request: TwilioRequest }>();
  readonly script: ('ok' | number | 'hang')[] = [];
  private readonly server = http.createServer((req, res) => this.handle(req, res));
  private readonly hanging = new Set<http.ServerResponse>();
  onRequest: ((r: TwilioRequest) => void) | undefined;

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Messages actually created (what a customer's phone would receive). */
  get delivered() {
    return [...this.created.values()];
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const m = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(req.url ?? '');
    let raw = '';
    req.on('data', (c) => {
      raw += String(c);
    });
    req.on('end', () => {
      if (req.method !== 'POST' || !m) {
        res.writeHead(404).end();
        return;
      }
      const form = new URLSearchParams(raw);
      const token = req.headers['i-twilio-idempotency-token'];
      const request: TwilioRequest = {
        accountSid: decodeURIComponent(m[1] ?? ''),
        to: form.get('To') ?? '',
        from: form.get('From') ?? '',
        body: form.get('Body') ?? '',
        idempotencyToken: typeof token === 'string' ? token : undefined,
        authorization: req.headers.authorization,
      };
      this.requests.push(request);
      this.onRequest?.(request);
      const step = this.script.shift() ?? 'ok';
      if (typeof step === 'number') {
        res.writeHead(step, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 20500, message: 'Internal server error' }));
        return;
      }
      const key = request.idempotencyToken ?? randomUUID();
      let message = this.created.get(key);
      if (!message) {
        message = { sid: `SM${randomUUID().replaceAll('-', '')}`, request };
        this.created.set(key, message);
      }
      if (step === 'hang') {
        this.hanging.add(res);
        return;
      }
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ sid: message.sid, status: 'queued', to: request.to }));
    });
  }
}
