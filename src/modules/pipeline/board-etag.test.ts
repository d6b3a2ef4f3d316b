import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filePart, multipart } from '../../testing/multipart.js';
import type { Client, TestApp } from '../../testing/test-app.js';
import { testApp } from '../../testing/test-app.js';
import * as f from '../attachments/fixtures.js';

/**
 * The board's conditional GET: its ETag stands for the shop's board as it is, so asking again with
 * it answers 304 and no body until something a card shows changes in that shop, and 200 with a new
 * ETag after. Another shop's changes, and reads, leave it standing.
 */

let t: TestApp;
let ours: { client: Client; customerId: string; jobId: string };
let theirs: { client: Client; customerId: string; jobId: string };

async function shop(name: string) {
  const { client } = await t.newShop(name);
  const customerId: string = (await client.post('/api/v1/customers', { name: 'Grace Holloway' })).json().id;
  const jobId: string = (await client.post('/api/v1/bespoke', { title: 'Oval sapphire halo', customerId, quotedCents: 420_000 })).json().id;
  return { client, customerId, jobId };
}

beforeAll(async () => {
  t = await testApp();
  ours = await shop('Hatton & Daughters');
  theirs = await shop('Other & Sons');
});
afterAll(() => t.close());

const board = (c: Client, etag?: string, qs = '') => c.get(`/api/v1/bespoke/board${qs}`, etag ? { headers: { 'if-none-match': etag } } : {});

/** The board's ETag now, after checking it answers 304 to itself. */
async function current(c: Client = ours.client, qs = ''): Promise<string> {
  const res = await board(c, undefined, qs);
  expect(res.statusCode).toBe(200);
  const etag = res.headers.etag as string;
  expect(etag).toMatch(/^W\/".+"$/);
  expect(res.headers['cache-control']).toBe('private, no-cache');
  const again = await board(c, etag, qs);
  expect(again.statusCode).toBe(304);
  expect(again.body).toBe('');
  expect(again.headers.etag).toBe(etag);
  return etag;
}

/** Asked with `etag` after a change: a full 200 with a new ETag. */
async function expectChanged(etag: string, c: Client = ours.client, qs = '') {
  const res = await board(c, etag, qs);
  expect(res.statusCode).toBe(200);
  expect(res.json().items.length).toBeGreaterThan(0);
  expect(res.headers.etag).not.toBe(etag);
}

describe('the board answers 304 until something on a card changes', () => {
  it('a move', async () => {
    const etag = await current();
    expect((await ours.client.post(`/api/v1/bespoke/${ours.jobId}/stage`, { to: 'consultation' })).statusCode).toBe(200);
    await expectChanged(etag);
  });

  it('a payment, then its void', async () => {
    let etag = await current();
    const paid = await ours.client.post(`/api/v1/bespoke/${ours.jobId}/payments`, { kind: 'deposit', amountCents: 10_000 });
    expect(paid.statusCode).toBe(201);
    await expectChanged(etag);
    etag = await current();
    const voided = await ours.client.post(`/api/v1/bespoke/${ours.jobId}/payments/${paid.json().id}/void`, { reason: 'Card charged twice' });
    expect(voided.statusCode).toBe(200);
    await expectChanged(etag);
  });

  it('a photo, and its removal', async () => {
    let etag = await current();
    const { body, headers } = multipart([filePart('ring.png', await f.png())]);
    const photo = await ours.client.post(`/api/v1/bespoke/${ours.jobId}/attachments`, body, { headers });
    expect(photo.statusCode, photo.body).toBe(201);
    await expectChanged(etag);
    const card = (await board(ours.client)).json().items.find((c: { id: string }) => c.id === ours.jobId);
    expect(card.photo).toBe(photo.json().id);
    etag = await current();
    expect((await ours.client.delete(`/api/v1/attachments/${photo.json().id}`)).statusCode).toBe(204);
    await expectChanged(etag);
    expect((await board(ours.client)).json().items.find((c: { id: string }) => c.id === ours.jobId)).not.toHaveProperty('photo');
  });

  it('an edit of the job, a new job, and the customer’s new name', async () => {
    let etag = await current();
    expect((await ours.client.patch(`/api/v1/bespoke/${ours.jobId}`, { title: 'Oval sapphire halo, platinum' })).statusCode).toBe(200);
    await expectChanged(etag);
    etag = await current();
    expect((await ours.client.post('/api/v1/bespoke', { title: 'Signet ring', customerId: ours.customerId })).statusCode).toBe(201);
    await expectChanged(etag);
    etag = await current();
    expect((await ours.client.patch(`/api/v1/customers/${ours.customerId}`, { name: 'Grace Holloway-Price' })).statusCode).toBe(200);
    await expectChanged(etag);
  });

  it('the board with the archived has its own ETag and follows the same changes', async () => {
    const active = await current();
    const all = await current(ours.client, '?archived=true');
    expect(all).not.toBe(active);
    expect((await board(ours.client, active, '?archived=true')).statusCode).toBe(200);
    expect((await ours.client.post(`/api/v1/bespoke/${ours.jobId}/stage`, { to: 'cancelled' })).statusCode).toBe(200);
    await expectChanged(all, ours.client, '?archived=true');
  });

  it('reads change nothing, and neither does another shop’s move, payment or photo', async () => {
    const etag = await current();
    expect((await ours.client.get(`/api/v1/bespoke/${ours.jobId}`)).statusCode).toBe(200);
    expect((await theirs.client.post(`/api/v1/bespoke/${theirs.jobId}/stage`, { to: 'consultation' })).statusCode).toBe(200);
    expect((await theirs.client.post(`/api/v1/bespoke/${theirs.jobId}/payments`, { kind: 'deposit', amountCents: 5_000 })).statusCode).toBe(201);
    const { body, headers } = multipart([filePart('ring.png', await f.png())]);
    expect((await theirs.client.post(`/api/v1/bespoke/${theirs.jobId}/attachments`, body, { headers })).statusCode).toBe(201);
    expect((await board(ours.client, etag)).statusCode).toBe(304);
  });

  it('another shop’s ETag is not ours, even when the counts are the same', async () => {
    const mine = await current();
    const other = await current(theirs.client);
    expect(other).not.toBe(mine);
    expect((await board(ours.client, other)).statusCode).toBe(200);
    expect((await board(ours.client, `"nonsense", ${mine}`)).statusCode).toBe(304);
  });
});
