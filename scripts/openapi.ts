import type { Database } from '../src/db/client.js';
import { systemClock } from '../src/domain/clock.js';
import { jobHooks } from '../src/job-hooks.js';
import { Budgets } from '../src/modules/limits/budgets.js';
import { LiveHub } from '../src/modules/live/hub.js';
import { SecretBox } from '../src/modules/notifications/secret-box.js';
import { AccountLimiter } from '../src/modules/shops/account-limiter.js';
import { buildServer } from '../src/server.js';

/** The OpenAPI document as the server publishes it, built without a database. */
export async function renderOpenApi(): Promise<string> {
  const unused = new Proxy({} as Database, {
    get() {
      throw new Error('the OpenAPI document needs no database');
    },
  });
  const app = await buildServer({
    db: unused,
    clock: systemClock,
    limiter: new AccountLimiter(new Budgets(unused)),
    live: new LiveHub(),
    box: new SecretBox(null),
    jobHooks: jobHooks(new SecretBox(null)),
    config: { publicUrl: 'http://localhost:3000', secureCookies: false },
  });
  await app.ready();
  const doc = JSON.stringify(app.swagger(), null, 2);
  await app.close();
  return `${doc}\n`;
}
