import { readFileSync } from 'node:fs';
import http from 'node:http';
import v8 from 'node:v8';
import vm from 'node:vm';
import { makeShop } from '../src/seed/factories.js';
import { pgbench } from './pgbench.js';
import { dropDatabase, freshDatabase, ORIGIN, seedJobs, shopWithActiveJobs, signIn, startLoupe } from './support.js';

/**
 * Scratch probe for the api bench's memory: Loupe in-process as api.bench.ts starts it, and only
 * the parts chosen by PARTS (api,raw,pgbench,board) at CLIENTS (e.g. 1,8,50) for ROUNDS one-second slices,
 * printing memory after a full GC after every round. Run: `npx tsx bench/mem-probe.ts`.
 */

v8.setFlagsFromString('--expose-gc');
const collect = vm.runInNewContext('gc') as () => void;
const parts = (process.env.PARTS ?? 'api,raw,pgbench').split(',');
const concurrency = (process.env.CLIENTS ?? '1,8,50').split(',').map(Number);
const rounds = Number(process.env.ROUNDS ?? 6);
const DB = 'loupe_mem_probe';

function smaps(): string {
  const text = readFileSync('/proc/self/smaps_rollup', 'utf8');
  const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? 0);
  return `anon ${(kb('Anonymous') / 1024).toFixed(0)}`;
}

/** Anonymous mappings of 64 MiB reservations (glibc arenas are 64 MiB aligned, heap+guard pairs). */
function arenas(): string {
  const maps = readFileSync('/proc/self/maps', 'utf8').split('\n');
  let n = 0;
  for (const line of maps) {
    const [range, , , , inode, name] = line.split(/\s+/);
    if (!range || inode !== '0' || name) continue;
    const [a, b] = range.split('-').map((h) => BigInt(`0x${h}`));
    if (a === undefined || b === undefined) continue;
    // An arena's heap starts 64 MiB aligned.
    if (a % (64n * 1024n * 1024n) === 0n && b - a <= 64n * 1024n * 1024n) n++;
  }
  return `arenas~${n}`;
}

function mem(when: string) {
  collect();
  const m = process.memoryUsage();
  const mib = (b: number) => (b / 1024 / 1024).toFixed(0).padStart(5);
  console.log(`${when.padEnd(28)} rss ${mib(m.rss)} heap ${mib(m.heapUsed)} ext ${mib(m.external)} ab ${mib(m.arrayBuffers)} ${smaps()} ${arenas()}`);
}

function client(port: number, cookie: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const request = (method: string, path: string, body?: unknown): Promise<{ status: number; body: string }> =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const headers: Record<string, string | number> = { origin: ORIGIN, accept: 'application/json', cookie };
      if (payload !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = Buffer.byteLength(payload);
      }
      const req = http.request({ host: '127.0.0.1', port, method, path, agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });
  return { request, close: () => agent.destroy() };
}

async function slice(n: number, ms: number, op: (i: number) => Promise<unknown>) {
  const until = performance.now() + ms;
  let count = 0;
  await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      while (performance.now() < until) {
        await op(i);
        count++;
      }
    }),
  );
  return count;
}

const next = (s: string) => (s === 'polish' ? 'ready' : 'polish');

async function main() {
  const url = await freshDatabase(DB);
  const loupe = await startLoupe(url, { rawPoolSize: 50 });
  const { deps, pool, port, base } = loupe;
  try {
    mem('started');
    const shop = await makeShop(deps, { shopName: 'Probe' });
    const seeded = await seedJobs(pool, shop.shop.id, shop.user.id, Array(150).fill('polish'), 16);
    const cookie = await signIn(base, shop.email, shop.password);
    const clients = Array.from({ length: 50 }, () => client(port, cookie));
    const stage = seeded.ids.map(() => 'polish');
    const apiMove = async (i: number) => {
      const c = clients[i];
      const id = seeded.ids[i];
      const from = stage[i] ?? 'polish';
      if (!c || !id) throw new Error('no client');
      const res = await c.request('POST', `/api/v1/bespoke/${id}/stage`, { to: next(from), from });
      if (res.status === 200) stage[i] = next(from);
      else stage[i] = (JSON.parse((await c.request('GET', `/api/v1/bespoke/${id}`)).body) as { stage: string }).stage;
    };
    const rawMove = async (i: number) => {
      const id = seeded.ids[50 + i];
      const from = stage[50 + i] ?? 'polish';
      const c = await pool.connect();
      try {
        await c.query('begin');
        const r = await c.query(`update jobs set stage = $3, version = version + 1 where shop_id = $1 and id = $2 and stage = $4`, [
          shop.shop.id,
          id,
          next(from),
          from,
        ]);
        await c.query(`insert into job_stages (shop_id, job_id, kind, stage, from_stage, actor_id, at) values ($1, $2, 'bespoke', $3, $4, $5, now())`, [
          shop.shop.id,
          id,
          next(from),
          from,
          shop.user.id,
        ]);
        await c.query('commit');
        if (r.rowCount === 1) stage[50 + i] = next(from);
      } finally {
        c.release();
      }
    };
    const script = `BEGIN;\nSELECT 1;\nUPDATE jobs SET version = version + 1 WHERE shop_id = :shop AND reference = 'B-' || lpad((:client_id::int + 101)::text, 4, '0');\nEND;\n`;
    mem('seeded');
    for (let k = 0; k < Number(process.env.SINGLE ?? 0); k++) {
      const t0 = performance.now();
      await apiMove(0);
      mem(`single ${k} ${(performance.now() - t0).toFixed(0)} ms`);
    }
    for (const n of concurrency) {
      for (let r = 0; r < rounds; r++) {
        const counts: string[] = [];
        if (parts.includes('api')) counts.push(`api ${await slice(n, 1000, apiMove)}`);
        if (parts.includes('raw')) counts.push(`raw ${await slice(n, 1000, rawMove)}`);
        if (parts.includes('pgbench')) {
          const res = await pgbench({ url, script, clients: n, seconds: 1, vars: { shop: shop.shop.id } });
          counts.push(`pgbench ${res.latencies.length}`);
        }
        mem(`n=${n} r=${r} ${counts.join(' ')}`.slice(0, 28));
      }
    }
    if (parts.includes('board')) {
      const c = client(port, (await shopWithActiveJobs(loupe, 'Probe board', 10_000)).cookie);
      mem('board seeded');
      for (let r = 0; r < rounds; r++) {
        let bytes = 0;
        for (let k = 0; k < 30; k++) bytes += (await c.request('GET', '/api/v1/bespoke/board')).body.length;
        mem(`board r=${r} ${(bytes / 30 / 1024).toFixed(0)} KB`);
      }
      c.close();
    }
    for (const c of clients) c.close();
  } finally {
    await loupe.close();
    await dropDatabase(DB);
  }
  mem('closed');
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
