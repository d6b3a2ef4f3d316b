import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import sharp from 'sharp';
import { openDatabase } from '../src/db/client.js';
import type { AppDeps } from '../src/deps.js';
import { systemClock } from '../src/domain/clock.js';
import { minimalPdf, strokesPdf } from '../src/modules/attachments/fixtures.js';
import { UploadLimiter } from '../src/modules/attachments/upload-limiter.js';
import { Budgets } from '../src/modules/limits/budgets.js';
import { LiveHub } from '../src/modules/live/hub.js';
import { SecretBox } from '../src/modules/notifications/secret-box.js';
import { AccountLimiter } from '../src/modules/shops/account-limiter.js';
import { makeShop } from '../src/seed/factories.js';
import { buildServer } from '../src/server.js';
import { multipart } from '../src/testing/multipart.js';
import { ms, summarise, table } from './stats.js';
import { seedJobs } from './support.js';

/**
 * Media fairness: what one shop's hostile uploads cost another shop. Shop B's board (its list of
 * active jobs) is read over and over, and B uploads an ordinary PDF now and then, first with nothing
 * else running, then while shop A keeps two uploads going at once of each hostile kind: the security
 * probe's 50,000-stroke PDF, a 100-megapixel single-colour PNG, and a 56-megapixel photo within the
 * limit. Real PostgreSQL, real loopback HTTP, the default media limits.
 *
 * Not part of `npm run bench` (it runs for a few minutes): `npx tsx bench/media-fairness.ts`.
 */

const BENCH_DB = 'loupe_bench_media';
const ORIGIN = 'http://loupe.bench';
const BOARD_JOBS = 300;
const SCENARIO_MS = Number(process.env.SCENARIO_MS ?? 30_000);
const HOSTILE_STREAMS = 2;
const B_UPLOAD_EVERY_MS = 3_000;

function databaseUrlFor(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

interface Answer {
  status: number;
  body: string;
  setCookie: string[];
}

function request(port: number, method: string, urlPath: string, cookie: string | null, body?: { bytes: Buffer; type: string }): Promise<Answer> {
  const headers: Record<string, string | number> = { origin: ORIGIN, accept: 'application/json' };
  if (cookie) headers.cookie = cookie;
  if (body) {
    headers['content-type'] = body.type;
    headers['content-length'] = body.bytes.length;
  }
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: urlPath, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), setCookie: res.headers['set-cookie'] ?? [] }));
    });
    req.on('error', reject);
    req.end(body?.bytes);
  });
}

async function signIn(port: number, email: string, password: string): Promise<string> {
  const res = await request(port, 'POST', '/api/v1/session', null, { bytes: Buffer.from(JSON.stringify({ email, password })), type: 'application/json' });
  const cookie = res.setCookie.map((c) => c.split(';')[0] ?? '').find((c) => c.startsWith('loupe_session='));
  if (res.status !== 200 || !cookie) throw new Error(`sign-in answered ${res.status}: ${res.body}`);
  return cookie;
}

const uploadBody = (fileName: string, bytes: Buffer) => {
  const { body, headers } = multipart([{ name: 'file', fileName, bytes }]);
  return { bytes: body, type: headers['content-type'] };
};

interface Row {
  scenario: string;
  board: number[];
  uploads: number[];
  uploadStatuses: Map<number, number>;
  hostile: Map<number, number>;
  hostileMs: number[];
}

const tally = (m: Map<number, number>) =>
  [...m.entries()]
    .sort(([a], [b]) => a - b)
    .map(([s, n]) => `${n}×${s}`)
    .join(' ') || '–';

export default async function run(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const benchUrl = databaseUrlFor(serverUrl, BENCH_DB);
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${BENCH_DB} with (force)`);
  await admin.query(`create database ${BENCH_DB}`);
  await admin.end();

  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'loupe-bench-media-'));
  const db = await openDatabase({ databaseUrl: benchUrl });
  const live = new LiveHub();
  const pool = new pg.Pool({ connectionString: benchUrl, max: 2 });
  pool.on('error', () => {});
  let app: Awaited<ReturnType<typeof buildServer>> | undefined;
  try {
    await db.migrate();
    await live.start(db);
    const deps: AppDeps = {
      db,
      clock: systemClock,
      limiter: new AccountLimiter(new Budgets(db)),
      live,
      box: new SecretBox(null),
      config: { publicUrl: ORIGIN, secureCookies: false, dataDir },
      // The upload budget is not what is measured here: wide enough that every hostile upload reaches the media work.
      uploadLimiter: new UploadLimiter(new Budgets(db), { perSession: 100_000, perShop: 100_000, windowSeconds: 60 }),
    };
    app = await buildServer(deps);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const port = (app.server.address() as AddressInfo).port;

    const a = await makeShop(deps, { shopName: 'Storm Jewellers' });
    const b = await makeShop(deps, { shopName: 'Hatton & Daughters' });
    await seedJobs(pool, b.shop.id, b.user.id, Array(BOARD_JOBS).fill('cad'), 50);
    const [aJob] = (await seedJobs(pool, a.shop.id, a.user.id, ['cad'], 1)).ids;
    const bJobs = await pool.query<{ id: string }>("select id from jobs where shop_id = $1 and kind = 'bespoke' limit 1", [b.shop.id]);
    const bJob = bJobs.rows[0]?.id;
    if (!aJob || !bJob) throw new Error('no jobs seeded');
    const aCookie = await signIn(port, a.email, a.password);
    const bCookie = await signIn(port, b.email, b.password);
    console.log(
      `   PostgreSQL at ${new URL(serverUrl).host}; API on 127.0.0.1:${port}; shop B's board: ${BOARD_JOBS} active jobs; ${SCENARIO_MS / 1000} s per scenario`,
    );

    const hostilePdf = strokesPdf(50_000);
    const bombPng = await sharp({ create: { width: 10_000, height: 10_000, channels: 3, background: '#d4af37' } })
      .toColourspace('b-w')
      .png({ compressionLevel: 9 })
      .toBuffer();
    const bigPng = await sharp({ create: { width: 8_000, height: 7_000, channels: 3, background: '#2b5f9e' } })
      .png()
      .toBuffer();
    const ordinaryPdf = minimalPdf();

    const scenario = async (name: string, hostile: { fileName: string; bytes: Buffer } | null): Promise<Row> => {
      const row: Row = { scenario: name, board: [], uploads: [], uploadStatuses: new Map(), hostile: new Map(), hostileMs: [] };
      let running = true;
      const started = performance.now();
      const until = started + SCENARIO_MS;
      // A's uploads: each stream sends the next as soon as the last is answered, until the scenario ends.
      const storms = hostile
        ? Array.from({ length: HOSTILE_STREAMS }, async () => {
            while (running) {
              const t0 = performance.now();
              const res = await request(port, 'POST', `/api/v1/bespoke/${aJob}/attachments`, aCookie, uploadBody(hostile.fileName, hostile.bytes));
              row.hostile.set(res.status, (row.hostile.get(res.status) ?? 0) + 1);
              row.hostileMs.push(performance.now() - t0);
              // A refused upload is answered at once: a real client would wait a little before its next.
              if (res.status >= 400) await new Promise((r) => setTimeout(r, 200));
            }
          })
        : [];
      // B uploads an ordinary PDF every few seconds (each waited for: its time is what B's staff see).
      const bUploads = (async () => {
        while (performance.now() < until) {
          const t0 = performance.now();
          const res = await request(port, 'POST', `/api/v1/bespoke/${bJob}/attachments`, bCookie, uploadBody('ring-sketch.pdf', ordinaryPdf));
          row.uploads.push(performance.now() - t0);
          row.uploadStatuses.set(res.status, (row.uploadStatuses.get(res.status) ?? 0) + 1);
          const next = t0 + B_UPLOAD_EVERY_MS - performance.now();
          if (next > 0 && performance.now() + next < until) await new Promise((r) => setTimeout(r, next));
        }
      })();
      // B's board, read one after another for the whole scenario.
      while (performance.now() < until) {
        const t0 = performance.now();
        const res = await request(port, 'GET', '/api/v1/bespoke', bCookie);
        if (res.status !== 200) throw new Error(`board answered ${res.status}`);
        row.board.push(performance.now() - t0);
      }
      await bUploads;
      running = false;
      const tail = performance.now();
      await Promise.all(storms);
      const drained = performance.now() - tail;
      if (hostile) console.log(`   ${name}: A's last uploads answered ${(drained / 1000).toFixed(1)} s after the scenario ended`);
      return row;
    };

    const rows = [
      await scenario('idle', null),
      await scenario('A: 50,000-stroke PDFs', { fileName: 'storm.pdf', bytes: hostilePdf }),
      await scenario('A: 100-MP PNGs (115 KB)', { fileName: 'gold-leaf.png', bytes: bombPng }),
      await scenario('A: 56-MP PNGs', { fileName: 'tray.png', bytes: bigPng }),
    ];
    console.log('');
    console.log(
      table(
        ['scenario', 'B board n', 'B board p50', 'B board p99', 'B PDF upload p50', 'B PDF upload max', 'B uploads', 'A uploads', 'A upload p50'],
        rows.map((r) => {
          const board = summarise(r.board);
          const up = summarise(r.uploads);
          return [
            r.scenario,
            String(board.count),
            ms(board.p50),
            ms(board.p99),
            ms(up.p50),
            ms(Math.max(...r.uploads)),
            tally(r.uploadStatuses),
            tally(r.hostile),
            ms(summarise(r.hostileMs).p50),
          ];
        }),
      ),
    );
  } finally {
    await app?.close();
    await live.close();
    await pool.end();
    await db.close();
    await rm(dataDir, { recursive: true, force: true });
    const cleanup = new pg.Client({ connectionString: serverUrl });
    await cleanup.connect();
    await cleanup.query(`drop database if exists ${BENCH_DB} with (force)`);
    await cleanup.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  run().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
