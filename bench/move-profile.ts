import http from 'node:http';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { openDatabase } from '../src/db/client.js';
import type { AppDeps } from '../src/deps.js';
import { systemClock } from '../src/domain/clock.js';
import { Budgets } from '../src/modules/limits/budgets.js';
import { LiveHub } from '../src/modules/live/hub.js';
import { SecretBox } from '../src/modules/notifications/secret-box.js';
import { AccountLimiter } from '../src/modules/shops/account-limiter.js';
import { makeShop } from '../src/seed/factories.js';
import { buildServer } from '../src/server.js';
import { seedJobs } from './api.bench.js';

/**
 * Where a move's time goes: `npx tsx bench/move-profile.ts [clients] [seconds]` runs that many clients
 * moving jobs polish ⇄ ready through the API under Node's CPU profiler, then prints the Node CPU time
 * per move and the functions that took the most of it. Not a benchmark (the profiler slows what it
 * watches): the figures to compare are `npm run bench`'s.
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const DB = 'loupe_move_profile';
const ORIGIN = 'http://loupe.bench';

function topFunctions(profile: Profile, count: number): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)?.callFrame;
    const t = profile.timeDeltas[i] ?? 0;
    total += t;
    if (!frame) return;
    const where = frame.url.replace(/.*node_modules\//, '').replace(/.*\/(src|bench)\//, '$1/');
    const key = `${frame.functionName || '(anonymous)'} ${where}${where ? `:${frame.lineNumber + 1}` : ''}`;
    self.set(key, (self.get(key) ?? 0) + t);
  });
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([key, t]) => `${((t / total) * 100).toFixed(1).padStart(5)}%  ${key}`);
}

async function main() {
  const clients = Number(process.argv[2] ?? 8);
  const seconds = Number(process.argv[3] ?? 10);
  const serverUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const url = new URL(serverUrl);
  url.pathname = `/${DB}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${DB} with (force)`);
  await admin.query(`create database ${DB}`);
  const db = await openDatabase({ databaseUrl: url.toString() });
  const pool = new pg.Pool({ connectionString: url.toString() });
  pool.on('error', () => {});
  const live = new LiveHub();
  try {
    await db.migrate();
    await live.start(db);
    const deps: AppDeps = {
      db,
      clock: systemClock,
      limiter: new AccountLimiter(new Budgets(db)),
      live,
      box: new SecretBox(null),
      config: { publicUrl: ORIGIN, secureCookies: false },
    };
    const app = await buildServer(deps);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const port = (app.server.address() as AddressInfo).port;
    const shop = await makeShop(deps, { shopName: 'Profile' });
    const { ids } = await seedJobs(pool, shop.shop.id, shop.user.id, Array(clients).fill('polish'), 4);
    const signIn = await fetch(`http://127.0.0.1:${port}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: ORIGIN },
      body: JSON.stringify({ email: shop.email, password: shop.password }),
    });
    const cookie = (signIn.headers.getSetCookie().find((c) => c.startsWith('loupe_session=')) ?? '').split(';')[0] ?? '';

    const move = (agent: http.Agent, id: string, from: string, to: string) =>
      new Promise<void>((resolve, reject) => {
        const body = JSON.stringify({ to, from });
        const headers = { cookie, origin: ORIGIN, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
        const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: `/api/v1/bespoke/${id}/stage`, agent, headers }, (res) => {
          res.resume();
          res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`move answered ${res.statusCode}`))));
        });
        req.on('error', reject);
        req.end(body);
      });

    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
    const cpu0 = process.cpuUsage();
    const until = performance.now() + seconds * 1000;
    let moves = 0;
    await Promise.all(
      ids.map(async (id) => {
        const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
        let stage = 'polish';
        while (performance.now() < until) {
          const to = stage === 'polish' ? 'ready' : 'polish';
          await move(agent, id, stage, to);
          stage = to;
          moves++;
        }
        agent.destroy();
      }),
    );
    const cpu = process.cpuUsage(cpu0);
    const { profile } = (await session.post('Profiler.stop')) as { profile: Profile };
    session.disconnect();
    console.log(`${clients} client(s), ${seconds} s: ${moves} moves, ${(moves / seconds).toFixed(0)}/s under the profiler`);
    console.log(`Node CPU per move (server and load generator): ${((cpu.user + cpu.system) / 1000 / moves).toFixed(2)} ms`);
    console.log('Self time, top functions:');
    for (const line of topFunctions(profile, 25)) console.log(`  ${line}`);
    await app.close();
  } finally {
    await live.close();
    await db.close();
    await pool.end();
    await admin.query(`drop database if exists ${DB} with (force)`);
    await admin.end();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
