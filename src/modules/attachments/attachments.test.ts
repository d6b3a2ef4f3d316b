import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import exifr from 'exifr';
import type { LightMyRequestResponse } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../server.js';
import { filePart, multipart, type Part } from '../../testing/multipart.js';
import { rowsOf } from '../../testing/sql.js';
import { Client, cookieFrom, type TestApp, testApp } from '../../testing/test-app.js';
import { Budgets } from '../limits/budgets.js';
import * as f from './fixtures.js';
import { customerAttachments } from './service.js';
import { UploadLimiter } from './upload-limiter.js';

let t: TestApp;
let client: Client;
let shopId: string;
let customerId: string;

beforeAll(async () => {
  t = await testApp();
  const shop = await t.newShop();
  client = shop.client;
  shopId = shop.shop.id;
  customerId = (await client.post('/api/v1/customers', { name: 'Grace Holloway' })).json().id;
});
afterAll(() => t.close());

const file = filePart;

async function upload(jobId: string, parts: Part[], as: Client = client) {
  const { body, headers } = multipart(parts);
  return as.post(`/api/v1/bespoke/${jobId}/attachments`, body, { headers });
}

async function newJob(as: Client = client, customer = customerId) {
  const res = await as.post('/api/v1/bespoke', { title: 'Oval sapphire halo', customerId: customer });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string };
}

const fetchFile = (url: string, as: Client = client) => as.get(url);
const bytesOf = (res: LightMyRequestResponse) => res.rawPayload;

async function storedFiles(): Promise<string[]> {
  const root = path.join(t.deps.config.dataDir ?? '', 'files');
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

const attachmentRows = async (jobId: string) =>
  (await rowsOf<{ n: number }>(t.db, sql`select count(*)::int as n from attachments where job_id = ${jobId}`))[0]?.n ?? 0;

describe('uploading each accepted type', () => {
  it('takes JPEG, PNG, WebP, HEIC and PDF, deciding the type from the bytes, and makes a thumbnail and a display size', async () => {
    const job = await newJob();
    const heic = await readFile(path.join(import.meta.dirname, 'fixtures', 'bench-ring.heic'));
    const cases = [
      { name: 'photo.jpg', bytes: await f.jpegWithGpsAndOrientation(), type: 'image/jpeg', size: [80, 120], thumb: 'image/jpeg' },
      { name: 'render.png', bytes: await f.png(), type: 'image/png', size: [64, 48], thumb: 'image/jpeg' },
      { name: 'memo.webp', bytes: await f.webp(), type: 'image/webp', size: [50, 30], thumb: 'image/jpeg' },
      { name: 'IMG_0001.HEIC', bytes: heic, type: 'image/heic', size: [96, 64], thumb: 'image/jpeg' },
      { name: 'cad-export.pdf', bytes: f.minimalPdf(), type: 'application/pdf', size: [null, null], thumb: 'image/png' },
    ];
    for (const c of cases) {
      // The browser's header says octet-stream: only the bytes decide.
      const res = await upload(job.id, [file(c.name, c.bytes, 'application/octet-stream')]);
      expect(res.statusCode, res.body).toBe(201);
      const a = res.json();
      expect(a).toMatchObject({
        contentType: c.type,
        bytes: c.bytes.length,
        width: c.size[0],
        height: c.size[1],
        stage: 'enquiry',
        customerVisible: false,
        caption: null,
        fileName: c.name,
        addedBy: { name: 'Ada Hatton' },
      });
      const thumb = await fetchFile(a.thumbnailUrl);
      expect(thumb.statusCode).toBe(200);
      expect(thumb.headers['content-type']).toBe(c.thumb);
      const meta = await sharp(bytesOf(thumb)).metadata();
      expect(Math.max(meta.width, meta.height)).toBeLessThanOrEqual(320);
      const shown = await fetchFile(a.url);
      expect(shown.statusCode).toBe(200);
      // HEIC is shown as JPEG; a PDF is shown as itself.
      expect(shown.headers['content-type']).toBe(c.type === 'application/pdf' ? 'application/pdf' : 'image/jpeg');
      expect(shown.headers['x-content-type-options']).toBe('nosniff');
      const original = await fetchFile(a.originalUrl);
      expect(bytesOf(original).equals(c.bytes)).toBe(true);
    }
  });

  it('draws a PDF’s first page as its thumbnail (not a blank tile)', async () => {
    const job = await newJob();
    const a = (await upload(job.id, [file('cad.pdf', f.minimalPdf())])).json();
    const thumb = bytesOf(await fetchFile(a.thumbnailUrl));
    // The page's red square is in the middle of the page.
    const { data, info } = await sharp(thumb).raw().toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number) => Array.from(data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3));
    const [r, g, b] = at(Math.floor(info.width / 2), Math.floor(info.height / 2));
    expect(r).toBeGreaterThan(150);
    expect(g).toBeLessThan(80);
    expect(b).toBeLessThan(80);
  });

  it('takes several files at once, answering { items } in the order sent, with the fields applied to each', async () => {
    const job = await newJob();
    const res = await upload(job.id, [
      { name: 'caption', value: 'Memo stones from Marcus' },
      { name: 'stage', value: 'stone_sourcing' },
      { name: 'customerVisible', value: 'true' },
      file('a.png', await f.png(30, 20)),
      file('b.webp', await f.webp()),
    ]);
    expect(res.statusCode, res.body).toBe(201);
    const { items } = res.json();
    expect(items.map((i: { fileName: string }) => i.fileName)).toEqual(['a.png', 'b.webp']);
    for (const i of items) expect(i).toMatchObject({ caption: 'Memo stones from Marcus', stage: 'stone_sourcing', customerVisible: true });
  });
});

describe('the stage a file is filed under', () => {
  it('defaults to the job’s current stage, takes an explicit one, refuses an unknown word, and files on-hold work under the stage it stopped at', async () => {
    const job = await newJob();
    await client.post(`/api/v1/bespoke/${job.id}/stage`, { to: 'cad' });
    expect((await upload(job.id, [file('a.png', await f.png())])).json().stage).toBe('cad');
    expect((await upload(job.id, [{ name: 'stage', value: 'approval' }, file('a.png', await f.png())])).json().stage).toBe('approval');
    const bad = await upload(job.id, [{ name: 'stage', value: 'polishing' }, file('a.png', await f.png())]);
    expect(bad.statusCode).toBe(422);
    expect(bad.json().code).toBe('invalid_stage');
    await client.post(`/api/v1/bespoke/${job.id}/stage`, { to: 'on_hold' });
    expect((await upload(job.id, [file('a.png', await f.png())])).json().stage).toBe('cad');
  });
});

describe('refusing bad files', () => {
  it('refuses a .jpg that is really HTML or an executable with 415, storing nothing', async () => {
    const job = await newJob();
    const before = (await storedFiles()).length;
    for (const bytes of [f.htmlPage(), f.elfExecutable()]) {
      const res = await upload(job.id, [file('holiday.jpg', bytes, 'image/jpeg')]);
      expect(res.statusCode).toBe(415);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ code: 'unsupported_media_type', status: 415 });
      expect(res.json().detail).toContain('holiday.jpg');
    }
    expect(await attachmentRows(job.id)).toBe(0);
    expect((await storedFiles()).length).toBe(before);
  });

  it('refuses a truncated or damaged JPEG with a clear 422, not a 500', async () => {
    const job = await newJob();
    const whole = await f.noisyJpeg();
    for (const bytes of [whole.subarray(0, Math.floor(whole.length / 2)), Buffer.concat([whole.subarray(0, 2000), Buffer.alloc(4000, 0x41)])]) {
      const res = await upload(job.id, [file('bench.jpg', bytes)]);
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json().code).toBe('validation_failed');
      expect(res.json().detail).toMatch(/bench\.jpg.*truncated or damaged/);
    }
    expect(await attachmentRows(job.id)).toBe(0);
  });

  it('refuses a PDF that is only a PDF header with a clear 422', async () => {
    const res = await upload((await newJob()).id, [file('cad.pdf', Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(3000, 0x5a)]))]);
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().detail).toMatch(/cad\.pdf.*a PDF.*truncated or damaged/);
  });

  it('refuses the whole upload when one of several files is bad, storing none of them', async () => {
    const job = await newJob();
    const before = (await storedFiles()).length;
    const res = await upload(job.id, [file('good.png', await f.png()), file('bad.jpg', f.htmlPage())]);
    expect(res.statusCode).toBe(415);
    expect(await attachmentRows(job.id)).toBe(0);
    expect((await storedFiles()).length).toBe(before);
  });

  it('refuses a file over the limit with 413 naming the limit, and stores nothing', async () => {
    const job = await newJob();
    const before = (await storedFiles()).length;
    const big = Buffer.concat([await f.noisyJpeg(), Buffer.alloc(20 * 1024 * 1024)]);
    const res = await upload(job.id, [file('small.png', await f.png()), file('huge.jpg', big)]);
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'payload_too_large', limitBytes: 20 * 1024 * 1024 });
    expect(res.json().detail).toContain('20 MB');
    expect(res.json().detail).toContain('huge.jpg');
    expect(await attachmentRows(job.id)).toBe(0);
    expect((await storedFiles()).length).toBe(before);
  });

  it('refuses an image that claims an enormous canvas before decoding it', async () => {
    const res = await upload((await newJob()).id, [file('bomb.png', f.pngClaiming(20_000, 20_000))]);
    expect(res.statusCode).toBe(422);
    expect(res.json().detail).toContain('20000×20000 pixels');
  });

  it('takes at most 10 files in one upload, and refuses an empty file', async () => {
    const job = await newJob();
    const tiny = await f.png(8, 8);
    const eleven = Array.from({ length: 11 }, (_, i) => file(`p${i}.png`, tiny));
    const res = await upload(job.id, eleven);
    expect(res.statusCode).toBe(413);
    expect(res.json().detail).toContain('At most 10 files');
    expect(await attachmentRows(job.id)).toBe(0);
    expect((await upload(job.id, [file('empty.jpg', Buffer.alloc(0))])).statusCode).toBe(415);
  });

  it('follows UPLOAD_MAX_BYTES', async () => {
    const app = await buildServer({ ...t.deps, config: { ...t.deps.config, uploadMaxBytes: 64 * 1024 } });
    const res = await upload((await newJob()).id, [file('big.jpg', await f.noisyJpeg(600, 600))], new Client(app, client.cookie));
    expect(res.statusCode).toBe(413);
    expect(res.json().detail).toContain('64 KB');
    await app.close();
  });

  it('asks for a file, and for multipart', async () => {
    const job = await newJob();
    const none = await upload(job.id, [{ name: 'caption', value: 'no file' }]);
    expect(none.statusCode).toBe(422);
    expect(none.json().errors).toEqual([{ path: 'file', message: 'Required' }]);
    const json = await client.post(`/api/v1/bespoke/${job.id}/attachments`, { file: 'x' });
    expect(json.statusCode).toBe(415);
    const longCaption = await upload(job.id, [{ name: 'caption', value: 'x'.repeat(501) }, file('a.png', await f.png())]);
    expect(longCaption.statusCode).toBe(422);
    expect(longCaption.json().errors[0].path).toBe('caption');
  });
});

describe('privacy of photos', () => {
  it('strips GPS and camera data from the thumbnail and display versions and applies the orientation; the private original keeps them', async () => {
    const job = await newJob();
    const jpeg = await f.jpegWithGpsAndOrientation();
    expect((await exifr.gps(jpeg))?.latitude).toBeCloseTo(51.52, 1);
    const a = (await upload(job.id, [file('at-the-bench.jpg', jpeg)])).json();
    for (const url of [a.url, a.thumbnailUrl]) {
      const bytes = bytesOf(await fetchFile(url));
      expect(await exifr.gps(bytes).catch(() => undefined)).toBeUndefined();
      expect(await exifr.parse(bytes)).toBeUndefined();
      const meta = await sharp(bytes).metadata();
      expect(meta.exif).toBeUndefined();
      expect(meta.orientation).toBeUndefined();
      // Stored sideways (120×80, top half red); upright it is 80×120 with the red half on the right.
      expect([meta.width, meta.height]).toEqual([80, 120]);
      const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
      const red = (x: number, y: number) => data[(y * info.width + x) * info.channels] ?? 0;
      expect(red(70, 60)).toBeGreaterThan(150);
      expect(red(10, 60)).toBeLessThan(100);
    }
    expect((await exifr.gps(bytesOf(await fetchFile(a.originalUrl))))?.latitude).toBeCloseTo(51.52, 1);
  });

  it('refuses a private file’s URL without a session', async () => {
    const job = await newJob();
    const a = (await upload(job.id, [file('a.png', await f.png())])).json();
    for (const url of [a.url, a.thumbnailUrl, a.originalUrl]) {
      const res = await t.anonymous.get(url);
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('unauthenticated');
    }
  });

  it('serves a customer-visible file through a signed link until it expires or is made private', async () => {
    const job = await newJob();
    const shown = (
      await upload(job.id, [
        { name: 'customerVisible', value: 'true' },
        { name: 'caption', value: 'Finished' },
        file('a.jpg', await f.jpegWithGpsAndOrientation()),
      ])
    ).json();
    const hidden = (await upload(job.id, [file('b.png', await f.png())])).json();
    const links = await customerAttachments({ ...t.deps, clock: t.clock }, shopId, job.id, 3600);
    expect(links.map((l) => l.id)).toEqual([shown.id]);
    const link = links[0];
    if (!link) throw new Error('no link');
    expect(link).toMatchObject({ caption: 'Finished', contentType: 'image/jpeg', width: 80, height: 120 });
    expect(link.url.startsWith('http://loupe.test/api/v1/files/')).toBe(true);
    const path = (u: string) => u.replace('http://loupe.test', '');

    const ok = await t.anonymous.get(path(link.url));
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['content-type']).toBe('image/jpeg');
    expect(await exifr.gps(bytesOf(ok)).catch(() => undefined)).toBeUndefined();
    expect((await t.anonymous.get(path(link.thumbnailUrl))).statusCode).toBe(200);

    // Tampered: another file's id, another variant, a later expiry, a changed signature.
    const u = new URL(link.url);
    const sig = u.searchParams.get('sig') ?? '';
    const expires = Number(u.searchParams.get('expires'));
    for (const bad of [
      `/api/v1/files/${hidden.id}/display?expires=${expires}&sig=${sig}`,
      `/api/v1/files/${shown.id}/original?expires=${expires}&sig=${sig}`,
      `/api/v1/files/${shown.id}/display?expires=${expires + 3600}&sig=${sig}`,
      `/api/v1/files/${shown.id}/display?expires=${expires}&sig=${sig.startsWith('A') ? 'B' : 'A'}${sig.slice(1)}`,
      `/api/v1/files/${shown.id}/display?expires=${expires}`,
    ]) {
      expect((await t.anonymous.get(bad)).statusCode, bad).toBe(404);
    }

    // Made private: the same link is refused at once.
    expect((await client.patch(`/api/v1/attachments/${shown.id}`, { customerVisible: false })).statusCode).toBe(200);
    expect((await t.anonymous.get(path(link.url))).statusCode).toBe(404);
    await client.patch(`/api/v1/attachments/${shown.id}`, { customerVisible: true });
    expect((await t.anonymous.get(path(link.url))).statusCode).toBe(200);

    // Expired.
    t.clock.advance(3 * 3600 * 1000);
    const expired = await t.anonymous.get(path(link.url));
    expect(expired.statusCode).toBe(404);
    expect(expired.json().detail).toMatch(/expired or is not valid/);
  });
});

describe('another shop', () => {
  it('cannot upload to, see, fetch, patch or delete shop A’s attachments (404 as if absent)', async () => {
    const job = await newJob();
    const a = (await upload(job.id, [file('a.png', await f.png())])).json();
    const other = await t.newShop('Other Jewellers');
    const b = other.client;
    expect((await upload(job.id, [file('x.png', await f.png())], b)).statusCode).toBe(404);
    for (const url of [a.url, a.thumbnailUrl, a.originalUrl]) expect((await b.get(url)).statusCode).toBe(404);
    expect((await b.patch(`/api/v1/attachments/${a.id}`, { caption: 'mine now' })).statusCode).toBe(404);
    expect((await b.delete(`/api/v1/attachments/${a.id}`)).statusCode).toBe(404);
    expect((await b.get(`/api/v1/bespoke/${job.id}`)).statusCode).toBe(404);
    // Still there, unchanged, for its own shop.
    const again = (await client.get(`/api/v1/bespoke/${job.id}`)).json().attachments;
    expect(again).toHaveLength(1);
    expect(again[0].caption).toBeNull();
    expect((await fetchFile(a.url)).statusCode).toBe(200);
  });
});

describe('editing and removing', () => {
  it('changes the caption, visibility and stage, and refuses unknown fields', async () => {
    const job = await newJob();
    const a = (await upload(job.id, [file('a.png', await f.png())])).json();
    const res = await client.patch(`/api/v1/attachments/${a.id}`, { caption: 'Claws re-tipped', customerVisible: true, stage: 'setting' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: a.id, caption: 'Claws re-tipped', customerVisible: true, stage: 'setting' });
    expect((await client.patch(`/api/v1/attachments/${a.id}`, { caption: null })).json().caption).toBeNull();
    expect((await client.patch(`/api/v1/attachments/${a.id}`, { stage: 'sanding' })).json().code).toBe('invalid_stage');
    expect((await client.patch(`/api/v1/attachments/${a.id}`, { bytes: 1 })).statusCode).toBe(422);
    expect((await client.patch(`/api/v1/attachments/${randomUUID()}`, { caption: 'x' })).statusCode).toBe(404);
  });

  it('deletes the row and every one of its files', async () => {
    const job = await newJob();
    const before = await storedFiles();
    const a = (await upload(job.id, [file('a.jpg', await f.jpegWithGpsAndOrientation())])).json();
    const added = (await storedFiles()).filter((p) => !before.includes(p));
    expect(added).toHaveLength(3);
    expect(added.every((p) => p.includes(a.id))).toBe(true);
    const res = await client.delete(`/api/v1/attachments/${a.id}`);
    expect(res.statusCode).toBe(204);
    expect(await attachmentRows(job.id)).toBe(0);
    expect((await storedFiles()).filter((p) => p.includes(a.id))).toEqual([]);
    expect((await fetchFile(a.url)).statusCode).toBe(404);
    expect((await client.delete(`/api/v1/attachments/${a.id}`)).statusCode).toBe(404);
  });
});

describe('on the job and the board', () => {
  it('lists a job’s attachments oldest first, and the board card shows the latest photo’s thumbnail (a later PDF is not a photo)', async () => {
    const job = await newJob();
    const empty = ((await client.get('/api/v1/bespoke')).json().items as { id: string; thumbnailUrl: string | null }[]).find((j) => j.id === job.id);
    expect(empty?.thumbnailUrl).toBeNull();
    const first = (await upload(job.id, [{ name: 'caption', value: 'first' }, file('a.png', await f.png())])).json();
    const second = (await upload(job.id, [{ name: 'caption', value: 'second' }, file('b.webp', await f.webp())])).json();
    await upload(job.id, [file('c.pdf', f.minimalPdf())]);
    const detail = (await client.get(`/api/v1/bespoke/${job.id}`)).json();
    expect(detail.attachments.map((x: { caption: string | null }) => x.caption)).toEqual(['first', 'second', null]);
    expect(detail.attachments[0]).toEqual(first);
    const card = ((await client.get('/api/v1/bespoke')).json().items as { id: string; thumbnailUrl: string | null }[]).find((j) => j.id === job.id);
    expect(card?.thumbnailUrl).toBe(second.thumbnailUrl);
    expect((await fetchFile(card?.thumbnailUrl ?? '')).statusCode).toBe(200);
  });
});

describe('caching and live screens', () => {
  it('answers 304 to a browser that already has the file', async () => {
    const a = (await upload((await newJob()).id, [file('a.png', await f.png())])).json();
    const first = await fetchFile(a.thumbnailUrl);
    expect(first.headers['cache-control']).toContain('private');
    const again = await client.get(a.thumbnailUrl, { headers: { 'if-none-match': String(first.headers.etag) } });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
  });

  it('announces an added, edited or removed photo as a change to its job', async () => {
    const job = await newJob();
    const heard: string[] = [];
    // Only this job's announcements: an earlier test's job change can still be on its way to the listener.
    const stop = t.deps.live.subscribe(shopId, (e) => {
      if (e.id === job.id) heard.push(`${e.kind}:${e.id}`);
    });
    const waitFor = async (n: number) => {
      for (let i = 0; i < 100 && heard.length < n; i++) await new Promise((r) => setTimeout(r, 20));
    };
    const a = (await upload(job.id, [file('a.png', await f.png())])).json();
    await waitFor(1);
    await client.patch(`/api/v1/attachments/${a.id}`, { caption: 'x' });
    await waitFor(2);
    await client.delete(`/api/v1/attachments/${a.id}`);
    await waitFor(3);
    stop();
    expect(heard.slice(0, 3)).toEqual([`bespoke:${job.id}`, `bespoke:${job.id}`, `bespoke:${job.id}`]);
  });
});

describe('rate limits', () => {
  it('limits uploads per session and per shop with 429 rate_limited, one budget however many processes serve the shop', async () => {
    const limits = { perSession: 3, perShop: 4, windowSeconds: 60 };
    // Two servers on one database, as two Loupe processes behind a balancer would be.
    const [app, other] = await Promise.all([1, 2].map(() => buildServer({ ...t.deps, uploadLimiter: new UploadLimiter(new Budgets(t.db), limits) })));
    if (!app || !other) throw new Error('servers not built');
    const shop = await t.newShop('Budget Jewellers');
    const owner = new Client(app, shop.client.cookie);
    const customer = (await owner.post('/api/v1/customers', { name: 'Hester Quayle' })).json().id;
    const job = await newJob(owner, customer);
    const one = async (as: Client) => upload(job.id, [file('a.png', await f.png())], as);
    expect((await upload(job.id, [file('a.png', await f.png()), file('b.png', await f.png())], owner)).statusCode).toBe(201);
    expect((await one(owner)).statusCode).toBe(201);
    const limited = await one(owner);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another session of the same shop, on the other server, has its own budget, but the shop's is nearly spent.
    const signIn = await t.anonymous.post('/api/v1/session', { email: shop.email, password: shop.password });
    const second = new Client(other, cookieFrom(signIn));
    expect((await one(second)).statusCode).toBe(201);
    expect((await one(second)).statusCode).toBe(429);
    await Promise.all([app.close(), other.close()]);
  });
});
