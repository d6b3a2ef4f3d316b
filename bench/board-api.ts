import http from 'node:http';
import type pg from 'pg';
import type { AppDeps } from '../src/deps.js';
import { bespokePipeline } from '../src/domain/bespoke-pipeline.js';
import { bespokeStore } from '../src/modules/bespoke/store.js';
import { boardStatement } from '../src/modules/pipeline/board-query.js';
import { makeShop } from '../src/seed/factories.js';
import { pgbench } from './pgbench.js';
import { ms, ratio, type Summary, summarise, table } from './stats.js';
import { ORIGIN, seedJobs, signIn } from './support.js';

/**
 * The board (GET /api/v1/bespoke/board) of shops with 500, 2,000 and 10,000 active jobs, against the
 * statement it runs: the same SQL text through node-pg and through pgbench (prepared, one client).
 * The API's answer is that statement's text, so the two must agree byte for byte.
 */

const SIZES = [500, 2_000, 10_000] as const;
const WARMUP = 10;
const MAX_ITERATIONS = 150;
const MAX_MS = 15_000;
const TARGET_RATIO = 2;
const TARGET_BYTES = 400_000;
/** The board read by several screens at once (a shop's tablets and the counter): at the middle size. */
const CONCURRENT = { size: 2_000, clients: 8, ms: 8_000 } as const;
const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');

interface Answer {
  status: number;
  bytes: number;
  etag: string | undefined;
  body: string;
}

/** One browser's keep-alive connection with its cookie; the body is kept only when asked for. */
function client(port: number, cookie: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const get = (path: string, headers: Record<string, string> = {}, keep = false): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port, method: 'GET', path, agent, headers: { origin: ORIGIN, accept: 'application/json', cookie, ...headers } },
        (res) => {
          const chunks: Buffer[] = [];
          let bytes = 0;
          res.on('data', (c: Buffer) => {
            bytes += c.length;
            if (keep) chunks.push(c);
          });
          res.on('error', reject);
          res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, etag: res.headers.etag, body: Buffer.concat(chunks).toString('utf8') }));
        },
      );
      req.on('error', reject);
      req.end();
    });
  return { get, cookie, close: () => agent.destroy() };
}

/** Warm-up, then the operations in turn (rotating who goes first), one sample each per turn, until a count or a time is reached. */
async function rotating(ops: (() => Promise<void>)[]): Promise<Summary[]> {
  for (let i = 0; i < WARMUP; i++) for (const op of ops) await op();
  const samples: number[][] = ops.map(() => []);
  const until = performance.now() + MAX_MS;
  for (let i = 0; i < MAX_ITERATIONS && performance.now() < until; i++) {
    for (let k = 0; k < ops.length; k++) {
      const at = (i + k) % ops.length;
      const t0 = performance.now();
      await ops[at]?.();
      samples[at]?.push(performance.now() - t0);
    }
  }
  return samples.map(summarise);
}

/** `clients` loops of `op` side by side for `forMs`: each operation's time, and how many ran per second. */
async function concurrently(clients: number, forMs: number, op: (client: number) => Promise<void>): Promise<{ summary: Summary; perSecond: number }> {
  const times: number[] = [];
  const started = performance.now();
  const until = started + forMs;
  await Promise.all(
    Array.from({ length: clients }, async (_, i) => {
      while (performance.now() < until) {
        const t0 = performance.now();
        await op(i);
        times.push(performance.now() - t0);
      }
    }),
  );
  return { summary: summarise(times), perSecond: times.length / ((performance.now() - started) / 1000) };
}

/** A shop with `active` active bespoke jobs on the main line's stages, and a tenth as many collected. */
async function boardShop(deps: AppDeps, pool: pg.Pool, active: number) {
  const shop = await makeShop(deps, { shopName: `Bench Board ${active}` });
  const main = bespokePipeline.stages.filter((s) => !bespokePipeline.archived.includes(s));
  const stages = Array.from({ length: active + active / 10 }, (_, g) => (g % 11 === 10 ? 'collected' : (main[g % main.length] ?? 'enquiry')));
  await seedJobs(pool, shop.shop.id, shop.user.id, stages, 300);
  return shop;
}

export async function benchBoard(opts: { deps: AppDeps; pool: pg.Pool; port: number; base: string; url: string }): Promise<string[][]> {
  const { deps, pool, port, base, url } = opts;
  const shops = [];
  for (const size of SIZES) shops.push({ size, ...(await boardShop(deps, pool, size)) });
  // What autovacuum does after a load like this: statistics, and the map of pages every row of which is visible.
  await pool.query('vacuum analyze');

  const { text, params } = boardStatement(bespokeStore, false);
  // The statement in pgbench's script language: its $1, $2… named as pgbench's -D variables.
  const pgbenchScript = `${params.reduce((sql, p, i) => sql.replace(new RegExp(`\\$${i + 1}(?!\\d)`), `:${p}`), text).trim()};\n`;
  const rows: string[][] = [];
  const ratios: string[][] = [];
  const plans: string[] = [];
  for (const { size, shop, email, password } of shops) {
    const values = params.map((p) => (p === 'known' ? '-1' : shop.id));
    const c = client(port, await signIn(base, email, password));
    try {
      const first = await c.get('/api/v1/bespoke/board', {}, true);
      if (first.status !== 200 || !first.etag) throw new Error(`board answered ${first.status}: ${first.body.slice(0, 300)}`);
      const cards = (JSON.parse(first.body) as { items: unknown[] }).items.length;
      if (cards !== size) throw new Error(`the board of ${size} active jobs answered ${cards} cards`);
      // The API sends the statement's own text: the raw query must read the very same cards.
      const raw = (await pool.query<{ body: string }>(text, values)).rows[0]?.body;
      if (raw !== first.body) throw new Error(`the raw statement and the API disagree for ${size} jobs`);
      const etag = first.etag;
      if ((await c.get('/api/v1/bespoke/board', { 'if-none-match': etag })).status !== 304) throw new Error('the board did not answer 304 to its own ETag');
      const plan = (await pool.query<{ 'QUERY PLAN': string }>(`explain ${text}`, values)).rows.map((r) => r['QUERY PLAN']);
      plans.push(`${size}: ${plan.find((l) => / on jobs\b/.test(l))?.trim() ?? '?'}${plan.some((l) => /Sort/.test(l)) ? ' + Sort' : ' (no sort)'}`);

      let errors = 0;
      const [api, notModified, node] = await rotating([
        async () => {
          const res = await c.get('/api/v1/bespoke/board');
          if (res.status !== 200 || res.bytes !== first.bytes) errors++;
        },
        async () => {
          if ((await c.get('/api/v1/bespoke/board', { 'if-none-match': etag })).status !== 304) errors++;
        },
        async () => {
          await pool.query(text, values);
        },
      ]);
      const bench = await pgbench({
        url,
        script: pgbenchScript,
        clients: 1,
        transactions: Math.max(node?.count ?? 0, 30),
        vars: { shopId: shop.id, known: '-1' },
      });
      const viaPgbench = summarise(bench.latencies);
      if (!api || !notModified || !node) throw new Error('no samples');
      const kb = (first.bytes / 1000).toFixed(0);
      rows.push(
        [`API  GET …/board, ${size} jobs`, String(api.count), ms(api.p50), ms(api.p99), `${kb} KB`, String(errors)],
        [`API  the same, If-None-Match → 304`, String(notModified.count), ms(notModified.p50), ms(notModified.p99), '0', '–'],
        [`raw  the statement (node-pg)`, String(node.count), ms(node.p50), ms(node.p99), `${kb} KB`, '0'],
        [`raw  the statement (pgbench)`, String(viaPgbench.count), ms(viaPgbench.p50), ms(viaPgbench.p99), `${kb} KB`, String(bench.failed)],
      );
      if (size === CONCURRENT.size) {
        // Each screen on its own connection, all asking at once; pgbench runs the statement as many at once.
        const screens = Array.from({ length: CONCURRENT.clients }, () => client(port, c.cookie));
        try {
          for (const s of screens) await s.get('/api/v1/bespoke/board');
          let failures = 0;
          const many = await concurrently(CONCURRENT.clients, CONCURRENT.ms, async (i) => {
            const res = await screens[i]?.get('/api/v1/bespoke/board');
            if (res?.status !== 200 || res.bytes !== first.bytes) failures++;
          });
          const rawMany = await pgbench({
            url,
            script: pgbenchScript,
            clients: CONCURRENT.clients,
            seconds: CONCURRENT.ms / 1000,
            vars: { shopId: shop.id, known: '-1' },
          });
          const rawSummary = summarise(rawMany.latencies);
          const n = CONCURRENT.clients;
          rows.push(
            [
              `API  GET …/board, ${size} jobs, ${n} clients at once`,
              String(many.summary.count),
              ms(many.summary.p50),
              ms(many.summary.p99),
              `${many.perSecond.toFixed(0)}/s`,
              String(failures),
            ],
            [
              `raw  the statement (pgbench), ${n} clients`,
              String(rawSummary.count),
              ms(rawSummary.p50),
              ms(rawSummary.p99),
              `${rawMany.tps.toFixed(0)}/s`,
              String(rawMany.failed),
            ],
          );
          ratios.push([`board ${size}, ${n} clients: API p50 ÷ pgbench p50`, ratio(many.summary.p50 / rawSummary.p50), '(no target)', '']);
        } finally {
          for (const s of screens) s.close();
        }
      }
      const r = api.p50 / viaPgbench.p50;
      const target = size >= 2_000;
      ratios.push([`board ${size}: API p50 ÷ pgbench p50`, ratio(r), target ? `≤ ${TARGET_RATIO}` : '(no target)', target ? verdict(r <= TARGET_RATIO) : '']);
      if (size === 2_000) {
        ratios.push([`board ${size}: bytes of JSON`, String(first.bytes), `≤ ${TARGET_BYTES}`, verdict(first.bytes <= TARGET_BYTES)]);
      }
    } finally {
      c.close();
    }
  }
  console.log(
    `\n   Board: GET /api/v1/bespoke/board of shops with ${SIZES.join(', ')} active jobs (+ a tenth as many collected), one client; API, its 304 and the raw statement in turn; pgbench after; at ${CONCURRENT.size}, also ${CONCURRENT.clients} clients at once for ${CONCURRENT.ms / 1000} s (bytes column: answers per second)`,
  );
  console.log(table(['path', 'samples', 'p50', 'p99', 'bytes', 'errors'], rows));
  console.log(`   plans of the statement (jobs): ${plans.join('; ')}`);
  return ratios;
}
