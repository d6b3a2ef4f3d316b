import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildServer } from '../../server.js';
import { Client, type TestApp, testApp } from '../../testing/test-app.js';
import { jpegWithGpsAndOrientation } from './fixtures.js';
import { S3Store } from './storage/s3-store.js';

// The whole path (upload, serve, delete) with files in an S3-compatible store: s3rver, started here.
let t: TestApp;
let server: S3rver;
let dir: string;
let store: S3Store;
let client: Client;
let app: Awaited<ReturnType<typeof buildServer>>;

beforeAll(async () => {
  t = await testApp();
  dir = await mkdtemp(path.join(os.tmpdir(), 'loupe-s3rver-api-'));
  server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir, configureBuckets: [{ name: 'loupe-api' }] });
  const { port } = await server.run();
  store = new S3Store({
    endpoint: `http://127.0.0.1:${port}`,
    bucket: 'loupe-api',
    region: 'us-east-1',
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    forcePathStyle: true,
  });
  app = await buildServer({ ...t.deps, files: store });
  const shop = await t.newShop();
  client = new Client(app, shop.client.cookie);
});
afterAll(async () => {
  await app.close();
  store.close();
  await server.close();
  await rm(dir, { recursive: true, force: true });
  await t.close();
});

it('uploads to, serves from and deletes from an S3-compatible store', async () => {
  const customer = (await client.post('/api/v1/customers', { name: 'Grace Holloway' })).json();
  const job = (await client.post('/api/v1/bespoke', { title: 'Signet', customerId: customer.id })).json();
  const boundary = `----loupe${randomUUID()}`;
  const jpeg = await jpegWithGpsAndOrientation();
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="s.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
    jpeg,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await client.post(`/api/v1/bespoke/${job.id}/attachments`, body, { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
  expect(res.statusCode, res.body).toBe(201);
  const a = res.json();
  const keys = ['original', 'display.jpg', 'thumb.jpg'];
  const shopId = (await client.get('/api/v1/me')).json().shop.id;
  for (const k of keys) expect(await store.exists(`shops/${shopId}/attachments/${a.id}/${k}`)).toBe(true);
  const original = await client.get(a.originalUrl);
  expect(original.rawPayload.equals(jpeg)).toBe(true);
  expect((await client.get(a.thumbnailUrl)).headers['content-type']).toBe('image/jpeg');
  expect((await client.delete(`/api/v1/attachments/${a.id}`)).statusCode).toBe(204);
  for (const k of keys) expect(await store.exists(`shops/${shopId}/attachments/${a.id}/${k}`)).toBe(false);
});
