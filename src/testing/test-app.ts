import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Database } from '../db/client.js';
import type { AppDeps } from '../deps.js';
import { jobHooks } from '../job-hooks.js';
import { Budgets } from '../modules/limits/budgets.js';
import { LiveHub } from '../modules/live/hub.js';
import { SecretBox } from '../modules/notifications/secret-box.js';
import { AccountLimiter, defaultAccountLimits } from '../modules/shops/account-limiter.js';
import { makeShop } from '../seed/factories.js';
import { buildServer, type ServerOptions } from '../server.js';
import { TestClock } from './clock.js';
import { checkResponsesAgainstOpenApi } from './openapi-validator.js';
import { testDatabase } from './test-database.js';

export { TestClock };

export const ORIGIN = 'http://loupe.test';

export type Call = Omit<InjectOptions, 'url' | 'method' | 'payload' | 'body' | 'headers'> & { body?: unknown; headers?: Record<string, string> };

/** A browser-like client for one signed-in member of staff: it sends the cookie and the page's Origin. */
export class Client {
  constructor(
    private readonly app: Awaited<ReturnType<typeof buildServer>>,
    public cookie: string | null,
  ) {}

  async request(method: InjectOptions['method'], url: string, call: Call = {}): Promise<LightMyRequestResponse> {
    const { body, headers = {}, ...rest } = call;
    return this.app.inject({
      method,
      url,
      ...rest,
      headers: { origin: ORIGIN, ...(this.cookie ? { cookie: this.cookie } : {}), ...headers },
      ...(body === undefined ? {} : { payload: body as InjectOptions['payload'] }),
    });
  }

  get = (url: string, call?: Call) => this.request('GET', url, call);
  post = (url: string, body?: unknown, call?: Call) => this.request('POST', url, { ...call, body });
  patch = (url: string, body?: unknown, call?: Call) => this.request('PATCH', url, { ...call, body });
  delete = (url: string, call?: Call) => this.request('DELETE', url, call);
}

export const cookieFrom = (res: LightMyRequestResponse): string | null => {
  const c = res.cookies.find((k) => k.name === 'loupe_session');
  return c ? `${c.name}=${c.value}` : null;
};

export interface TestApp {
  app: Awaited<ReturnType<typeof buildServer>>;
  db: Database;
  deps: AppDeps;
  clock: TestClock;
  anonymous: Client;
  /** A new shop whose owner is signed in. */
  newShop(name?: string): Promise<Awaited<ReturnType<typeof makeShop>> & { client: Client }>;
  close(): Promise<void>;
}

export async function testApp(opts: Pick<ServerOptions, 'enquiries'> = {}): Promise<TestApp> {
  const db = await testDatabase();
  const clock = new TestClock();
  const live = new LiveHub();
  await live.start(db);
  // Attachment files land here, one directory per test app.
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'loupe-test-data-'));
  const box = new SecretBox(randomBytes(32));
  const deps: AppDeps = {
    db,
    clock,
    // The real slow-down doubles from 250 ms to 4 s; tests keep its shape at a fraction of the wait.
    limiter: new AccountLimiter(new Budgets(db), { ...defaultAccountLimits, slowdownMs: 5, maxSlowdownMs: 80 }),
    live,
    box,
    jobHooks: jobHooks(box),
    config: { publicUrl: ORIGIN, secureCookies: false, dataDir },
  };
  const app = await buildServer(deps, opts);
  // Every answer a test sees through this app is checked against the app's own OpenAPI document.
  checkResponsesAgainstOpenApi(app);
  const anonymous = new Client(app, null);
  return {
    app,
    db,
    deps,
    clock,
    anonymous,
    async newShop(name = 'Hatton & Daughters') {
      const made = await makeShop(deps, { shopName: name });
      const res = await anonymous.post('/api/v1/session', { email: made.email, password: made.password });
      if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.body}`);
      return { ...made, client: new Client(app, cookieFrom(res)) };
    },
    async close() {
      await app.close();
      await live.close();
      await db.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A test file's app, a signed-in shop and one customer of it. */
export async function shopWithCustomer(customer: Record<string, unknown>) {
  const t = await testApp();
  const { client } = await t.newShop();
  const customerId: string = (await client.post('/api/v1/customers', customer)).json().id;
  return { t, client, customerId };
}
