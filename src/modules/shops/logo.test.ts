import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filePart, multipart } from '../../testing/multipart.js';
import { Client, cookieFrom, ORIGIN, type TestApp, testApp } from '../../testing/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

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
});
