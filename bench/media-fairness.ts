import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { minimalPdf, strokesPdf } from '../src/modules/attachments/fixtures.js';
import { UploadLimiter } from '../src/modules/attachments/upload-limiter.js';
import { Budgets } from '../src/modules/limits/budgets.js';
import { makeShop } from '../src/seed/factories.js';
import { multipart } from '../src/testing/multipart.js';
import { ms, summarise, table } from './stats.js';
import { dropDatabase, freshDatabase, ORIGIN, seedJobs, serverUrl, signIn, startLoupe } from './support.js';

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
const BOARD_JOBS = 300;
const SCENARIO_MS = Number(process.env.SCENARIO_MS ?? 30_000);
const HOSTILE_STREAMS = 2;
const B_UPLOAD_EVERY_MS = 3_000;

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
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'loupe-bench-media-'));
  const loupe = await startLoupe(await freshDatabase(BENCH_DB), {
    deps: (db) => ({
      config: { publicUrl: ORIGIN, secureCookies: false, dataDir },
      // The upload budget is not what is measured here: wide enough that every hostile upload reaches the media work.
      uploadLimiter: new UploadLimiter(new Budgets(db), { perSession: 100_000, perShop: 100_000, windowSeconds: 60 }),
    }),
  });
  const { deps, pool, port, base } = loupe;
  try {
    const a = await makeShop(deps, { shopName: 'Storm Jewellers' });
    const b = await makeShop(deps, { shopName: 'Hatton & Daughters' });
    await seedJobs(pool, b.shop.id, b.user.id, Array(BOARD_JOBS).fill('cad'), 50);
    const [aJob] = (await seedJobs(pool, a.shop.id, a.user.id, ['cad'], 1)).ids;
    const bJobs = await pool.query<{ id: string }>("select id from jobs where shop_id = $1 and kind = 'bespoke' limit 1", [b.shop.id]);
    const bJob = bJobs.rows[0]?.id;
    if (!aJob || !bJob) throw new Error('no jobs seeded');
    const aCookie = await signIn(base, a.email, a.password);
    const bCookie = await signIn(base, b.email, b.password);
    console.log(
      `   PostgreSQL at ${new URL(serverUrl()).host}; API on 127.0.0.1:${port}; shop B's board: ${BOARD_JOBS} active jobs; ${SCENARIO_MS / 1000} s per scenario`,
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
    await loupe.close();
    await rm(dataDir, { recursive: true, force: true });
    await dropDatabase(BENCH_DB);
  }
}
