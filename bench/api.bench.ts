import http from 'node:http';
import v8 from 'node:v8';
import vm from 'node:vm';
import type pg from 'pg';
import { makeShop } from '../src/seed/factories.js';
import { benchBoard } from './board-api.js';
import { pgbench } from './pgbench.js';
import { ms, perSecond, ratio, summarise, table } from './stats.js';
import { admin, drained, dropDatabase, freshDatabase, ORIGIN, seedJobs, serverUrl, signIn, startLoupe } from './support.js';

/**
 * The API against the raw SQL it runs, on a real PostgreSQL server and over real loopback HTTP:
 * stage-move throughput and latency at 1, 8 and 50 clients, and the board of shops of 500, 2,000 and
 * 10,000 jobs (board-api.ts).
 */

const BENCH_DB = 'loupe_bench';
const CONCURRENCY = [1, 8, 50] as const;
const MOVE_WARMUP_MS = 1_000;
const MOVE_SLICE_MS = 1_000;
const MOVE_ROUNDS = 6;
const TARGET_MOVES = 0.33;
// The performance issue's targets, against PostgreSQL's own load generator running the same SQL.
const TARGET_MOVES_PGBENCH = 0.35;
const TARGET_MOVE_P50_PGBENCH = 3;
const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');

/** One simulated browser: its own keep-alive connection, its cookie, and the page's Origin. */
class HttpClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  constructor(
    private readonly port: number,
    private readonly cookie: string | null,
  ) {}

  /** Reads the whole answer; `decode: false` leaves it as bytes (a 2,000-job board is 1.7 MB to decode for nothing). */
  request(method: string, path: string, body?: unknown, decode = true): Promise<{ status: number; body: string; bytes: number; setCookie: string[] }> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string | number> = { origin: ORIGIN, accept: 'application/json' };
    if (this.cookie) headers.cookie = this.cookie;
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(payload);
    }
    return new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: this.port, method, path, agent: this.agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const all = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, body: decode ? all.toString('utf8') : '', bytes: all.length, setCookie: res.headers['set-cookie'] ?? [] });
        });
      });
      req.on('error', reject);
      req.end(payload);
    });
  }

  close() {
    this.agent.destroy();
  }
}

interface Outcome {
  landed: boolean;
  status: number;
}

interface Tally {
  ms: number;
  landed: number;
  failed: number;
  statuses: Map<number, number>;
  latencies: number[];
}

const newTally = (): Tally => ({ ms: 0, landed: 0, failed: 0, statuses: new Map(), latencies: [] });

/**
 * `clients` workers loop on `op` for `sliceMs`; an operation started in the slice is waited for and
 * counted, and the slice's time runs until the last one has answered.
 */
async function slice(clients: number, sliceMs: number, op: (client: number) => Promise<Outcome>, into: Tally | null): Promise<void> {
  const start = performance.now();
  const until = start + sliceMs;
  await Promise.all(
    Array.from({ length: clients }, async (_, i) => {
      while (performance.now() < until) {
        const t0 = performance.now();
        const out = await op(i);
        if (!into) continue;
        into.latencies.push(performance.now() - t0);
        into.statuses.set(out.status, (into.statuses.get(out.status) ?? 0) + 1);
        if (out.landed) into.landed++;
        else into.failed++;
      }
    }),
  );
  if (into) into.ms += performance.now() - start;
}

/**
 * The API and the raw baseline measured in alternating one-second slices (ABBA order), so that a
 * neighbour's load on this shared machine falls on both sides of the ratio rather than on one.
 */
async function interleaved(
  clients: number,
  api: (client: number) => Promise<Outcome>,
  raw: (client: number) => Promise<Outcome>,
  pgbenchRound: (seconds: number) => Promise<void>,
) {
  await slice(clients, MOVE_WARMUP_MS, api, null);
  await slice(clients, MOVE_WARMUP_MS, raw, null);
  await pgbenchRound(MOVE_WARMUP_MS / 1000);
  const a = newTally();
  const r = newTally();
  for (let round = 0; round < MOVE_ROUNDS; round++) {
    const order: [typeof api, Tally][] =
      round % 2 === 0
        ? [
            [api, a],
            [raw, r],
          ]
        : [
            [raw, r],
            [api, a],
          ];
    for (const [op, tally] of order) await slice(clients, MOVE_SLICE_MS, op, tally);
    await pgbenchRound(MOVE_SLICE_MS / 1000);
  }
  return { api: a, raw: r };
}

const nextStage = (stage: string) => (stage === 'polish' ? 'ready' : 'polish');

/** The same statements a landed move writes, straight on the database: the baseline the API is judged against. */
async function rawMove(pool: pg.Pool, shopId: string, userId: string, jobId: string, from: string, to: string): Promise<boolean> {
  const c = await pool.connect();
  try {
    await c.query('begin');
    const at = new Date();
    const updated = await c.query(
      `update jobs set stage = $3, held_from_stage = null, version = version + 1, updated_at = $4, stage_changed_at = $4
       where shop_id = $1 and id = $2 and kind = 'bespoke' and stage = $5`,
      [shopId, jobId, to, at, from],
    );
    if (updated.rowCount !== 1) {
      await c.query('rollback');
      return false;
    }
    const history = await c.query<{ id: string }>(
      `insert into job_stages (shop_id, job_id, kind, stage, from_stage, actor_id, note, at) values ($1, $2, 'bespoke', $3, $4, $5, $6, $7) returning id`,
      [shopId, jobId, to, from, userId, null, at],
    );
    const historyId = history.rows[0]?.id;
    if (to === 'ready') {
      await c.query(
        `insert into outbox (shop_id, topic, job_kind, job_id, idempotency_key, payload, available_at) values ($1, 'customer_ready', 'bespoke', $2, $3, $4, $5)`,
        [shopId, jobId, `customer_ready:bespoke:${historyId}`, JSON.stringify({ jobKind: 'bespoke', jobId, reference: 'B-0001', historyId }), at],
      );
    }
    await c.query('commit');
    return true;
  } catch (err) {
    await c.query('rollback').catch(() => {});
    throw err;
  } finally {
    c.release();
  }
}

/**
 * The same transaction as `rawMove`, for pgbench: each client moves its own job (`first` + its
 * client id is the job's reference number) between polish and ready, with its history row, and the
 * outbox row when it lands on ready. (pgbench reads `:word` as a variable even inside a string
 * literal, so the message key is joined with concat_ws.)
 */
const PGBENCH_MOVE = `BEGIN;
UPDATE jobs SET stage = CASE stage WHEN 'polish' THEN 'ready' ELSE 'polish' END, held_from_stage = NULL, version = version + 1, updated_at = now(), stage_changed_at = now()
  WHERE shop_id = :shop AND reference = 'B-' || lpad((:client_id::int + :first::int)::text, 4, '0') AND kind = 'bespoke' AND stage IN ('polish', 'ready')
  RETURNING id AS job_id, stage AS to_stage, CASE stage WHEN 'ready' THEN 'polish' ELSE 'ready' END AS from_stage, (stage = 'ready')::int AS is_ready
\\gset
INSERT INTO job_stages (shop_id, job_id, kind, stage, from_stage, actor_id, note, at) VALUES (:shop, :job_id, 'bespoke', :to_stage, :from_stage, :user, NULL, now()) RETURNING id AS history_id
\\gset
\\if :is_ready
INSERT INTO outbox (shop_id, topic, job_kind, job_id, idempotency_key, payload, available_at)
  SELECT CAST(:shop AS uuid), 'customer_ready', 'bespoke', j.id, concat_ws(':', 'customer_ready', 'bespoke', h.id),
         json_build_object('jobKind', 'bespoke', 'jobId', j.id, 'reference', 'B-0001', 'historyId', h.id), now()
  FROM (SELECT CAST(:job_id AS uuid) AS id) j, (SELECT CAST(:history_id AS uuid) AS id) h;
\\endif
END;
`;

// The flag must be set before the first call: a full collection makes "heap used" mean what is still held.
v8.setFlagsFromString('--expose-gc');
const collect = vm.runInNewContext('gc') as () => void;

function memoryRow(when: string): string[] {
  collect();
  const m = process.memoryUsage();
  const mib = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MiB`;
  return [when, mib(m.rss), mib(m.heapUsed), mib(m.external), mib(m.arrayBuffers)];
}

const statusText = (r: Tally) =>
  [...r.statuses.entries()]
    .sort(([a], [b]) => a - b)
    .map(([s, n]) => `${n}×${s}`)
    .join(' ');

export default async function run(): Promise<void> {
  const version = await admin(serverUrl(), async (c) => (await c.query<{ server_version: string }>('show server_version')).rows[0]?.server_version ?? '?');
  console.log(`   PostgreSQL ${version} at ${new URL(serverUrl()).host}, fresh database "${BENCH_DB}"`);
  const benchUrl = await freshDatabase(BENCH_DB);
  const loupe = await startLoupe(benchUrl, { rawPoolSize: Math.max(...CONCURRENCY) });
  const { deps, pool, port, base } = loupe;
  const clients: HttpClient[] = [];
  try {
    console.log(`   API listening on http://127.0.0.1:${port} (keep-alive HTTP/1.1, one connection per client)`);
    const memory: string[][] = [memoryRow('started, before any request')];

    // ── Stage moves ─────────────────────────────────────────────────────────────────────────
    const movesShop = await makeShop(deps, { shopName: 'Bench Moves' });
    const maxClients = Math.max(...CONCURRENCY);
    // The API's jobs, node-pg's, then pgbench's (by reference number), each client its own job.
    const moveJobs = await seedJobs(pool, movesShop.shop.id, movesShop.user.id, Array(maxClients * 3).fill('polish'), 16);
    const apiJobs = moveJobs.ids.slice(0, maxClients);
    const rawJobs = moveJobs.ids.slice(maxClients, maxClients * 2);
    const pgbenchVars = { shop: movesShop.shop.id, user: movesShop.user.id, first: String(maxClients * 2 + 1) };
    const movesCookie = await signIn(base, movesShop.email, movesShop.password);
    for (let i = 0; i < maxClients; i++) clients.push(new HttpClient(port, movesCookie));
    const apiStage = apiJobs.map(() => 'polish');
    const rawStage = rawJobs.map(() => 'polish');

    const apiMove = async (i: number): Promise<Outcome> => {
      const id = apiJobs[i];
      const client = clients[i];
      const from = apiStage[i];
      if (!id || !client || !from) throw new Error(`no job for client ${i}`);
      const to = nextStage(from);
      const res = await client.request('POST', `/api/v1/bespoke/${id}/stage`, { to, from });
      const landed = res.status === 200 && (JSON.parse(res.body) as { moved?: unknown }).moved === true;
      if (landed) apiStage[i] = to;
      else {
        const now = await client.request('GET', `/api/v1/bespoke/${id}`);
        apiStage[i] = (JSON.parse(now.body) as { stage: string }).stage;
      }
      return { landed, status: res.status };
    };
    const rawOp = async (i: number): Promise<Outcome> => {
      const id = rawJobs[i];
      const from = rawStage[i];
      if (!id || !from) throw new Error(`no job for client ${i}`);
      const to = nextStage(from);
      const landed = await rawMove(pool, movesShop.shop.id, movesShop.user.id, id, from, to);
      if (landed) rawStage[i] = to;
      return { landed, status: landed ? 200 : 409 };
    };

    const moveRows: string[][] = [];
    const moveRatios: { clients: number; value: number }[] = [];
    const pgbenchRatios: string[][] = [];
    for (const n of CONCURRENCY) {
      const bench = { seconds: 0, transactions: 0, failed: 0, latencies: [] as number[] };
      const pgbenchRound = async (seconds: number) => {
        await drained(pool);
        const r = await pgbench({ url: benchUrl, script: PGBENCH_MOVE, clients: n, seconds, vars: pgbenchVars });
        bench.seconds += seconds;
        bench.transactions += r.tps * seconds;
        bench.failed += r.failed;
        bench.latencies.push(...r.latencies);
      };
      const { api, raw } = await interleaved(n, apiMove, rawOp, pgbenchRound);
      memory.push(memoryRow(`after the moves at ${n} client${n === 1 ? '' : 's'} (${MOVE_ROUNDS} rounds)`));
      const apiRate = (api.landed * 1000) / api.ms;
      const rawRate = (raw.landed * 1000) / raw.ms;
      const pgbenchRate = bench.transactions / bench.seconds;
      const apiLatency = summarise(api.latencies);
      const rawLatency = summarise(raw.latencies);
      const pgbenchLatency = summarise(bench.latencies);
      moveRatios.push({ clients: n, value: apiRate / rawRate });
      moveRows.push(
        ['API  POST …/stage', String(n), perSecond(apiRate), ms(apiLatency.p50), ms(apiLatency.p99), String(api.landed), String(api.failed), statusText(api)],
        ['raw  SQL transaction (node-pg)', String(n), perSecond(rawRate), ms(rawLatency.p50), ms(rawLatency.p99), String(raw.landed), String(raw.failed), '–'],
        [
          'raw  SQL transaction (pgbench)',
          String(n),
          perSecond(pgbenchRate),
          ms(pgbenchLatency.p50),
          ms(pgbenchLatency.p99),
          String(bench.latencies.length),
          String(bench.failed),
          '–',
        ],
      );
      pgbenchRatios.push([
        `moves: API moves/s ÷ pgbench tx/s, ${n} client${n === 1 ? '' : 's'}`,
        ratio(apiRate / pgbenchRate),
        n === 8 ? `≥ ${TARGET_MOVES_PGBENCH}` : '(no target)',
        n === 8 ? verdict(apiRate / pgbenchRate >= TARGET_MOVES_PGBENCH) : '',
      ]);
      if (n === 1) {
        const p50 = apiLatency.p50 / pgbenchLatency.p50;
        pgbenchRatios.push(['moves: API p50 ÷ pgbench p50, 1 client', ratio(p50), `≤ ${TARGET_MOVE_P50_PGBENCH}`, verdict(p50 <= TARGET_MOVE_P50_PGBENCH)]);
      }
    }
    console.log(
      `\n   Stage moves (polish ⇄ ready; every ready writes one outbox row): per concurrency ${MOVE_WARMUP_MS / 1000} s warm-up each, then ${MOVE_ROUNDS} × ${MOVE_SLICE_MS / 1000} s of each, interleaved`,
    );
    console.log(table(['path', 'clients', 'moves/s', 'p50', 'p99', 'landed', 'not landed', 'HTTP statuses'], moveRows));

    // ── The board ───────────────────────────────────────────────────────────────────────────
    const boardRatios = await benchBoard({ deps, pool, port, base, url: benchUrl });

    memory.push(memoryRow('after the board'));
    console.log('\n   Memory of this process (Loupe and the load generator share it), after a full garbage collection');
    console.log(table(['when', 'rss', 'heap used', 'external', 'array buffers'], memory));

    // ── Ratios ──────────────────────────────────────────────────────────────────────────────
    const ratioRows = moveRatios.map((r) => [
      `moves: API moves/s ÷ raw tx/s, ${r.clients} client${r.clients === 1 ? '' : 's'}`,
      ratio(r.value),
      r.clients === 8 ? `≥ ${TARGET_MOVES}` : '(no target)',
      r.clients === 8 ? verdict(r.value >= TARGET_MOVES) : '',
    ]);
    ratioRows.push(...pgbenchRatios, ...boardRatios);
    console.log('\n   Ratios');
    console.log(table(['ratio', 'value', 'target', ''], ratioRows));
  } finally {
    for (const c of clients) c.close();
    await loupe.close();
    await dropDatabase(BENCH_DB);
    console.log(`\n   dropped database "${BENCH_DB}"`);
  }
}
