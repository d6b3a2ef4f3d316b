import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboundGuard, parseOutboundAllow } from '../../net/outbound-guard.js';
import { filePart, multipart } from '../../testing/multipart.js';
import { SmtpSink } from '../../testing/smtp-sink.js';
import { Client, cookieFrom, ORIGIN, type TestApp, testApp } from '../../testing/test-app.js';
import { channelAdapters } from '../notifications/channels/index.js';
import { OutboxSender } from '../notifications/sender.js';

let t: TestApp;
let smtp: SmtpSink;
let smtpPort: number;
beforeAll(async () => {
  t = await testApp();
  smtp = new SmtpSink();
  smtpPort = await smtp.start();
});
afterAll(async () => {
  await smtp.stop();
  await t.close();
});

const put = (client: Client, bytes: Buffer, name = 'logo.png', type = 'image/png') => {
  const { body, headers } = multipart([filePart(name, bytes, type)]);
  return client.request('PUT', '/api/v1/shop/logo', { body, headers });
};

/** A wide photo-like logo with an EXIF block (a camera and a position), named as something else. */
const photo = () =>
  sharp({ create: { width: 1800, height: 900, channels: 3, background: '#7a1f5c' } })
    .jpeg()
    .withExif({ IFD0: { Make: 'SpyCam', Model: 'GPS-1' } })
    .toBuffer();

describe("the shop's logo", () => {
  it('is typed by its bytes, resized, stripped of EXIF, served publicly and shown on the tracking page', async () => {
    const { client } = await t.newShop('Logo Shop');
    const bytes = await photo();
    expect((await sharp(bytes).metadata()).exif).toBeDefined();
    // Named .png and sent as PNG, but a JPEG by its bytes: taken for what it is.
    const res = await put(client, bytes, 'logo.png', 'image/png');
    expect(res.statusCode, res.body).toBe(200);
    const { logoUrl } = res.json() as { logoUrl: string };
    expect(logoUrl.startsWith(`${ORIGIN}/logo/`)).toBe(true);

    const served = await t.app.inject({ method: 'GET', url: new URL(logoUrl).pathname });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    const meta = await sharp(served.rawPayload).metadata();
    expect(meta.format).toBe('png');
    expect(meta.width).toBeLessThanOrEqual(600);
    expect(meta.height).toBeLessThanOrEqual(240);
    expect(meta.width).toBe(480);
    expect(meta.exif).toBeUndefined();

    expect((await client.get('/api/v1/shop/contact')).json().logoUrl).toBe(logoUrl);
    // A new logo replaces the old: the old address is gone.
    const again = await put(
      client,
      await sharp({ create: { width: 100, height: 100, channels: 4, background: '#00000000' } })
        .png()
        .toBuffer(),
    );
    expect(again.statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: new URL(logoUrl).pathname })).statusCode).toBe(404);
    const newer = new URL(again.json().logoUrl).pathname;
    expect((await t.app.inject({ method: 'GET', url: newer })).statusCode).toBe(200);

    expect((await client.delete('/api/v1/shop/logo')).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: newer })).statusCode).toBe(404);
    expect((await client.get('/api/v1/shop/contact')).json().logoUrl).toBeNull();
  });

  it('refuses what is not an image, and staff may not change it', async () => {
    const { client } = await t.newShop('Logo Shop 2');
    const notImage = await put(client, Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\n'), 'logo.png');
    expect(notImage.statusCode).toBe(415);
    const text = await put(client, Buffer.from('just words, not a picture'), 'logo.png');
    expect(text.statusCode).toBe(415);

    const email = `staff-${Math.random()}@example.test`;
    expect((await client.post('/api/v1/staff', { name: 'Jo', email, password: 'bench polish rouge 7', role: 'staff' })).statusCode).toBe(201);
    const signed = await t.anonymous.post('/api/v1/session', { email, password: 'bench polish rouge 7' });
    const staff = new Client(t.app, cookieFrom(signed));
    expect((await put(staff, await photo())).statusCode).toBe(403);
    expect((await staff.delete('/api/v1/shop/logo')).statusCode).toBe(403);
  });

  it('is printed on the take-in slip and the envelope, and shown at the top of customer e-mails', async () => {
    t.clock.set(new Date());
    const shop = await t.newShop('Magenta Rings');
    const c = shop.client;
    // A logo in a colour nothing else on the paper uses, so its pixels can be counted where it is drawn.
    const logo = await sharp({ create: { width: 400, height: 160, channels: 3, background: '#ff00ff' } })
      .png()
      .toBuffer();
    const { logoUrl } = (await put(c, logo)).json() as { logoUrl: string };
    const customer = (await c.post('/api/v1/customers', { name: 'Grace Holloway', email: 'grace.logo@example.test' })).json() as { id: string };
    const job = (await c.post('/api/v1/bespoke', { title: 'Signet ring', customerId: customer.id })).json() as { id: string };
    const other = await t.newShop('Plain Rings');
    const plainCustomer = (await other.client.post('/api/v1/customers', { name: 'Ann Plain' })).json() as { id: string };
    const plainJob = (await other.client.post('/api/v1/bespoke', { title: 'Signet ring', customerId: plainCustomer.id })).json() as { id: string };

    /** Magenta pixels in the top quarter of the first page, rendered as pdftoppm would (mupdf, 1 px per point). */
    const magentaAtTop = async (client: Client, url: string) => {
      const res = await client.get(url);
      expect(res.statusCode, res.body).toBe(200);
      const mupdf = await import('mupdf');
      const pix = mupdf.Document.openDocument(res.rawPayload, 'application/pdf')
        .loadPage(0)
        .toPixmap(mupdf.Matrix.identity, mupdf.ColorSpace.DeviceRGB, false, true);
      const [w, h, px] = [pix.getWidth(), pix.getHeight(), pix.getPixels()];
      let n = 0;
      for (let y = 0; y < h / 4; y++)
        for (let x = 0; x < w; x++) {
          const i = (y * w + x) * 3;
          if ((px[i] ?? 0) > 230 && (px[i + 1] ?? 255) < 30 && (px[i + 2] ?? 0) > 230) n++;
        }
      return n;
    };
    // The slip fits the logo in 200 × 56 pt (140 × 56 for this one), the envelope in 120 × 28 (70 × 28).
    expect(await magentaAtTop(c, `/api/v1/bespoke/${job.id}/slip.pdf`)).toBeGreaterThan(140 * 56 * 0.9);
    expect(await magentaAtTop(c, `/api/v1/bespoke/${job.id}/envelope.pdf`)).toBeGreaterThan(70 * 28 * 0.9);
    expect(await magentaAtTop(other.client, `/api/v1/bespoke/${plainJob.id}/slip.pdf`)).toBe(0);

    // The ready e-mail: an HTML part with the logo above the same words as the text part.
    const settings = await c.request('PUT', '/api/v1/settings/notifications', {
      body: {
        defaultChannel: 'email',
        readyDelayMinutes: 0,
        sender: { name: 'Magenta Rings', email: 'hello@magenta.test' },
        smtp: { host: '127.0.0.1', port: smtpPort, secure: false },
      },
    });
    expect(settings.statusCode, settings.body).toBe(200);
    expect((await c.post(`/api/v1/bespoke/${job.id}/stage`, { to: 'ready' })).statusCode).toBe(200);
    const sender = new OutboxSender(
      {
        db: t.db,
        box: t.deps.box,
        channels: channelAdapters('http://127.0.0.1:9', new OutboundGuard({ allow: parseOutboundAllow('127.0.0.1') ?? [] })),
        config: { publicUrl: ORIGIN },
      },
      { workerId: 'logo-sender' },
    );
    await sender.drain();
    const mail = smtp.mails.find((m) => m.to.includes('grace.logo@example.test'));
    const raw = (mail?.raw ?? '').replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
    expect(raw).toMatch(/Content-Type: multipart\/alternative/);
    expect(raw).toMatch(/Content-Type: text\/plain/);
    expect(raw).toMatch(/Content-Type: text\/html/);
    expect(raw).toContain(`<img src="${logoUrl}" alt="Magenta Rings"`);
    expect(raw).toContain('Good news: your Signet ring');
  });
});
