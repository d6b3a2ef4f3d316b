import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type Database, openDatabase } from '../../src/db/client.js';
import type { AppDeps } from '../../src/deps.js';
import { jobHooks } from '../../src/job-hooks.js';
import { Budgets } from '../../src/modules/limits/budgets.js';
import { LiveHub } from '../../src/modules/live/hub.js';
import { SecretBox } from '../../src/modules/notifications/secret-box.js';
import type { JobHooks } from '../../src/modules/pipeline/job-hooks.js';
import { AccountLimiter } from '../../src/modules/shops/account-limiter.js';
import { buildServer } from '../../src/server.js';
import { TestClock } from '../../src/testing/clock.js';
import { copyDataTemplate } from './data-template.js';

export interface ClockedLoupe {
  /** Where it listens, e.g. http://127.0.0.1:40123: a browser context's baseURL. */
  url: string;
  /** The server's time: what stage moves are stamped with. The browser keeps its own (real) time. */
  clock: TestClock;
  /** Its embedded database, for a spec that seeds it (the demo shop). */
  db: Database;
  /** Who acts in a job's transaction, for a spec that seeds through the use-cases. */
  jobHooks: JobHooks;
  close(): Promise<void>;
}

/**
 * Loupe in this process, on its own embedded database, with a clock the spec sets: the shared
 * server stamps every stage move with the real time, so a piece cannot otherwise have waited ten
 * days on the shelf. It serves the SPA the shared server's start-up built (web/dist).
 */
export async function startClockedLoupe(): Promise<ClockedLoupe> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'loupe-e2e-clocked-'));
  await copyDataTemplate(dataDir);
  const db = await openDatabase({ dataDir });
  await db.migrate();
  const live = new LiveHub();
  await live.start(db);
  const clock = new TestClock(new Date());
  // The port is known only once it listens; same-origin writes are checked against the request's own host.
  const config = { publicUrl: 'http://127.0.0.1', secureCookies: false, dataDir };
  const box = new SecretBox(randomBytes(32));
  const deps: AppDeps = { db, clock, limiter: new AccountLimiter(new Budgets(db)), live, box, jobHooks: jobHooks(box), config };
  const app = await buildServer(deps);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  config.publicUrl = url;
  return {
    url,
    clock,
    db,
    jobHooks: deps.jobHooks,
    async close() {
      await app.close();
      await live.close();
      await db.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
