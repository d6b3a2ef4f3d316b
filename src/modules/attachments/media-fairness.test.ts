import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../server.js';
import { filePart as file, multipart, type Part } from '../../testing/multipart.js';
import { Client, type TestApp, testApp } from '../../testing/test-app.js';
import type { AttachmentAppDeps } from './deps.js';
import * as f from './fixtures.js';
import { tileOf } from './media.js';
import { type MediaEvent, type MediaLimits, MediaQueue } from './media-queue.js';
import { customerAttachments } from './service.js';

/**
 * The security probe's findings on media work: hostile files from one shop must not hold the workers
 * another shop needs, a page that cannot be drawn in time ends as a tile, huge images are refused
 * before decoding, PDFs are never rendered in the app's origin, and deleting leaves no directories.
 * Every order here is read from the queue's states and events, never from the clock.
 */

let t: TestApp;
interface ShopHere {
  id: string;
  cookie: string | null;
  jobId: string;
}
let shopA: ShopHere;
let shopB: ShopHere;

async function shopWithJob(name: string): Promise<ShopHere> {
  const shop = await t.newShop(name);
  const customerId = (await shop.client.post('/api/v1/customers', { name: 'Grace Holloway' })).json().id;
  const job = await shop.client.post('/api/v1/bespoke', { title: 'Oval sapphire halo', customerId });
  expect(job.statusCode).toBe(201);
  return { id: shop.shop.id, cookie: shop.client.cookie, jobId: job.json().id };
}

beforeAll(async () => {
  t = await testApp();
  shopA = await shopWithJob('Storm Jewellers');
  shopB = await shopWithJob('Hatton & Daughters');
});
afterAll(() => t.close());

/** An app of its own around a media queue with the limits a test needs; its clients for shops A and B. */
async function appWith(limits: Partial<MediaLimits>) {
  const media = new MediaQueue(limits);
  const deps: AttachmentAppDeps = { ...t.deps, media };
  const app = await buildServer(deps);
  const events: MediaEvent[] = [];
  media.observe((e) => events.push(e));
  /** Resolves once `check` holds, looking again at every event of the queue. */
  const until = (check: () => boolean) =>
    new Promise<void>((resolve) => {
      if (check()) return resolve();
      const stop = media.observe(() => {
        if (!check()) return;
        stop();
        resolve();
      });
    });
  return {
    media,
    events,
    until,
    a: new Client(app, shopA.cookie),
    b: new Client(app, shopB.cookie),
    as: (shop: ShopHere) => new Client(app, shop.cookie),
    anonymous: new Client(app, null),
    close: async () => {
      media.close();
      await app.close();
    },
  };
}

function upload(as: Client, shop: ShopHere, parts: Part[]) {
  const { body, headers } = multipart(parts);
  return as.post(`/api/v1/bespoke/${shop.jobId}/attachments`, body, { headers });
}

/** A promise and whether it has settled yet, to say what is still in progress at a given moment. */
function tracked<T>(p: Promise<T>) {
  const state = { settled: false, promise: p };
  const settle = () => {
    state.settled = true;
  };
  p.then(settle, settle);
  return state;
}

const eventOf = (events: MediaEvent[], type: MediaEvent['type'], label: string) => events.find((e) => e.type === type && e.label === label);

async function isTile(as: Client, res: LightMyRequestResponse) {
  const thumb = await as.get(res.json().thumbnailUrl);
  return thumb.rawPayload.equals((await tileOf('PDF')).png);
}

/** The thumbnail of `minimalPdf` is really its page: red in the middle, not the grey tile. */
async function drawnRed(as: Client, res: LightMyRequestResponse) {
  const { data, info } = await sharp((await as.get(res.json().thumbnailUrl)).rawPayload)
    .raw()
    .toBuffer({ resolveWithObject: true });
  const at = (Math.floor(info.height / 2) * info.width + Math.floor(info.width / 2)) * info.channels;
  return (data[at] ?? 0) > 150 && (data[at + 1] ?? 255) < 80;
}

describe('hostile PDFs from one shop beside another shop’s upload', () => {
  it('draws the other shop’s PDF while the first shop’s 50,000-stroke pages are still being drawn or waiting behind each other', async () => {
    // No operation limit and a long budget: the hostile pages really are drawing while shop B uploads.
    const s = await appWith({ maxPdfOperations: Number.MAX_SAFE_INTEGER, budgetMs: 120_000 });
    try {
      const hostile = f.strokesPdf(50_000);
      // A few KB: the stream is 2 MB of the same stroke, compressed.
      expect(hostile.length).toBeLessThan(10_000);
      const a1 = tracked(upload(s.a, shopA, [file('storm-1.pdf', hostile)]));
      const a2 = tracked(upload(s.a, shopA, [file('storm-2.pdf', hostile)]));
      // One of A's pages takes a worker; the other waits for it: A holds only its share of the two.
      await s.until(() => s.media.snapshot().shops[shopA.id]?.running === 1 && s.media.snapshot().shops[shopA.id]?.waiting === 1);

      const b = await upload(s.b, shopB, [file('ring-sketch.pdf', f.minimalPdf())]);
      expect(b.statusCode, b.body).toBe(201);
      expect(await drawnRed(s.b, b)).toBe(true);
      // B's page went straight to the free worker, and was drawn while A's were in progress.
      expect(eventOf(s.events, 'started', 'ring-sketch.pdf')).toMatchObject({ shopId: shopB.id, waitedBehind: 0 });
      expect(eventOf(s.events, 'finished', 'ring-sketch.pdf')).toMatchObject({ outcome: 'rendered' });
      expect([a1.settled, a2.settled]).toEqual([false, false]);
      expect(s.media.snapshot().shops[shopA.id]).toEqual({ running: 1, waiting: 1 });

      // Shutting the queue down stops the page being drawn (its upload keeps a tile) and refuses the waiting one.
      s.media.close();
      const [first, second] = await Promise.all([a1.promise, a2.promise]);
      const [drawn, refused] = first.statusCode === 201 ? [first, second] : [second, first];
      expect(drawn.statusCode, drawn.body).toBe(201);
      expect(await isTile(s.a, drawn)).toBe(true);
      expect(refused.statusCode).toBe(503);
      expect(refused.json().code).toBe('server_busy');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await s.close();
    }
  });

  it('stops drawing a page at the end of its budget (the worker thread is terminated) and keeps the upload with a tile', async () => {
    const s = await appWith({ maxPdfOperations: Number.MAX_SAFE_INTEGER, budgetMs: 300 });
    try {
      const res = await upload(s.a, shopA, [file('storm.pdf', f.strokesPdf(50_000))]);
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ contentType: 'application/pdf', fileName: 'storm.pdf' });
      expect(await isTile(s.a, res)).toBe(true);
      expect(eventOf(s.events, 'finished', 'storm.pdf')).toMatchObject({ outcome: 'tile:budget' });
    } finally {
      await s.close();
    }
  });

  it('does not draw a page with more drawing operations than the limit at all: a tile, whatever the budget', async () => {
    const s = await appWith({ budgetMs: 120_000 });
    try {
      expect(s.media.limits.maxPdfOperations).toBeLessThan(50_000);
      const res = await upload(s.a, shopA, [file('storm.pdf', f.strokesPdf(50_000))]);
      expect(res.statusCode, res.body).toBe(201);
      expect(await isTile(s.a, res)).toBe(true);
      expect(eventOf(s.events, 'finished', 'storm.pdf')).toMatchObject({ outcome: 'tile:complex' });
      // An ordinary page under the limit is still drawn.
      const ok = await upload(s.a, shopA, [file('sketch.pdf', f.minimalPdf())]);
      expect(await drawnRed(s.a, ok)).toBe(true);
    } finally {
      await s.close();
    }
  });
});

describe('a shop’s share of the queue', () => {
  it('answers 429 rate_limited with Retry-After once a shop has its share waiting, 503 server_busy when the whole queue is full; another shop is still served', async () => {
    const s = await appWith({ concurrency: 2, perShopRunning: 1, perShopQueued: 1, maxQueued: 2 });
    let release: () => void = () => {};
    const hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    try {
      // Shop A has a file being processed and another waiting: its share.
      const held = [s.media.run(shopA.id, 'held', () => hold), s.media.run(shopA.id, 'waiting', () => hold)];
      const png = await f.png();
      const limited = await upload(s.a, shopA, [file('one-more.png', png)]);
      expect(limited.statusCode, limited.body).toBe(429);
      expect(limited.headers['content-type']).toContain('application/problem+json');
      expect(limited.json()).toMatchObject({ code: 'rate_limited', status: 429 });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(limited.json().retryAfterSeconds).toBe(Number(limited.headers['retry-after']));

      // Shop B takes the other worker at once.
      const fine = await upload(s.b, shopB, [file('fine.png', png)]);
      expect(fine.statusCode, fine.body).toBe(201);

      // Both workers busy and the queue's two places taken: everyone is told to come back.
      held.push(
        s.media.run('another-shop', 'held', () => hold),
        s.media.run('a-fourth-shop', 'waiting', () => hold),
      );
      expect(s.media.snapshot()).toMatchObject({ running: 2, waiting: 2 });
      const busy = await upload(s.b, shopB, [file('later.png', png)]);
      expect(busy.statusCode, busy.body).toBe(503);
      expect(busy.json()).toMatchObject({ code: 'server_busy', status: 503 });
      expect(Number(busy.headers['retry-after'])).toBeGreaterThan(0);

      release();
      await Promise.all(held);
      expect((await upload(s.a, shopA, [file('now.png', png)])).statusCode).toBe(201);
    } finally {
      release();
      await s.close();
    }
  });
});

describe('huge images', () => {
  it('refuses a 100-megapixel PNG of about 100 KB with 422 before decoding or queueing it', async () => {
    const s = await appWith({});
    try {
      // One grey channel of one colour: 100 million pixels in about 115 KB.
      const bomb = await sharp({ create: { width: 10_000, height: 10_000, channels: 3, background: '#d4af37' } })
        .toColourspace('b-w')
        .png({ compressionLevel: 9 })
        .toBuffer();
      expect(bomb.length).toBeLessThan(200_000);
      const res = await upload(s.a, shopA, [file('gold-leaf.png', bomb)]);
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json()).toMatchObject({ code: 'validation_failed', title: 'Image too large' });
      expect(res.json().detail).toContain('10000×10000 pixels');
      expect(res.json().detail).toContain('64 megapixels');
      expect(s.events).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('decodes a large photo within the limit in the queue, on its shop’s share, while another shop’s photo goes straight through', async () => {
    const s = await appWith({});
    try {
      const big = await sharp({ create: { width: 8_000, height: 7_000, channels: 3, background: '#2b5f9e' } })
        .png()
        .toBuffer();
      const pending = upload(s.a, shopA, [file('tray.png', big)]);
      await s.until(() => eventOf(s.events, 'started', 'tray.png') !== undefined);
      const small = await upload(s.b, shopB, [file('ring.png', await f.png())]);
      expect(small.statusCode, small.body).toBe(201);
      expect(eventOf(s.events, 'started', 'ring.png')).toMatchObject({ shopId: shopB.id, waitedBehind: 0 });
      const res = await pending;
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ width: 8_000, height: 7_000 });
      const display = await sharp((await s.a.get(res.json().url)).rawPayload).metadata();
      expect(Math.max(display.width, display.height)).toBe(1600);
      expect(eventOf(s.events, 'finished', 'tray.png')).toMatchObject({ shopId: shopA.id, outcome: 'derived' });
    } finally {
      await s.close();
    }
  });
});

describe('serving stored files', () => {
  it('sends a PDF (one with an OpenAction script here) as a download under a sandbox, to staff and through a customer’s link; images inline under a sandbox', async () => {
    const s = await appWith({});
    try {
      const pdf = (await upload(s.a, shopA, [{ name: 'customerVisible', value: 'true' }, file('quote final (v2).pdf', f.scriptedPdf())])).json();
      const photo = (await upload(s.a, shopA, [file('ring.jpg', await f.jpegWithGpsAndOrientation())])).json();
      const links = await customerAttachments({ ...t.deps, clock: t.clock }, shopA.id, shopA.jobId, 3600);
      const link = links.find((l) => l.id === pdf.id);
      if (!link) throw new Error('no customer link for the PDF');
      const asCustomer = await s.anonymous.get(link.url.replace('http://loupe.test', ''));

      for (const res of [await s.a.get(pdf.url), await s.a.get(pdf.originalUrl), asCustomer]) {
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-type']).toBe('application/pdf');
        expect(res.headers['content-disposition']).toBe("attachment; filename*=UTF-8''quote%20final%20%28v2%29.pdf");
        expect(res.headers['content-security-policy']).toBe("sandbox; default-src 'none'");
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.rawPayload.equals(f.scriptedPdf())).toBe(true);
      }
      // The PDF's own thumbnail is an image Loupe drew: shown inline, sandboxed all the same.
      for (const url of [pdf.thumbnailUrl, photo.url, photo.thumbnailUrl, photo.originalUrl]) {
        const res = await s.a.get(url);
        expect(res.headers['content-disposition'], url).toMatch(/^inline/);
        expect(res.headers['content-security-policy'], url).toMatch(/default-src 'none'.*sandbox/);
        expect(res.headers['x-content-type-options']).toBe('nosniff');
      }
    } finally {
      await s.close();
    }
  });
});

describe('deleting', () => {
  it('removes the attachment’s directory and any parent it leaves empty, but never the files root', async () => {
    const s = await appWith({});
    // A shop of its own, so that its directories can be seen to go.
    const shop = await shopWithJob('Clean Bench Ltd');
    const as = s.as(shop);
    const root = path.join(t.deps.config.dataDir ?? '', 'files');
    const directories = async () =>
      (await readdir(root, { recursive: true, withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => path.join(e.parentPath, e.name));
    try {
      const a = (await upload(as, shop, [file('a.jpg', await f.jpegWithGpsAndOrientation())])).json();
      const b = (await upload(as, shop, [file('b.pdf', f.minimalPdf())])).json();
      const dirOf = (id: string) => path.join(root, 'shops', shop.id, 'attachments', id);
      expect((await stat(dirOf(a.id))).isDirectory()).toBe(true);

      expect((await as.delete(`/api/v1/attachments/${a.id}`)).statusCode).toBe(204);
      expect(await stat(dirOf(a.id)).catch(() => null)).toBeNull();
      // The shop's other attachment, and so its directories, are still there.
      expect((await stat(dirOf(b.id))).isDirectory()).toBe(true);

      expect((await as.delete(`/api/v1/attachments/${b.id}`)).statusCode).toBe(204);
      expect(await stat(path.join(root, 'shops', shop.id)).catch(() => null)).toBeNull();
      // No empty directory is left anywhere; the root stays for the next upload.
      for (const dir of await directories()) expect((await readdir(dir)).length, dir).toBeGreaterThan(0);
      expect((await stat(root)).isDirectory()).toBe(true);
      expect((await upload(as, shop, [file('again.png', await f.png())])).statusCode).toBe(201);
    } finally {
      await s.close();
    }
  });
});
