import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mainLine, pipelinesUnderTest } from '../../testing/pipelines.js';
import type { Client, TestApp } from '../../testing/test-app.js';
import { ORIGIN, testApp } from '../../testing/test-app.js';
import { pipelineOf } from '../jobs/registry.js';
import { channelAdapters } from '../notifications/channels/index.js';
import { OutboxSender } from '../notifications/sender.js';
import { defaultSettings, saveSettings } from '../notifications/settings-store.js';
import { queueOverdueDigests } from './digest.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const ok = (res: { statusCode: number; body: string; json(): unknown }, status = 200) => {
  expect(res.statusCode, res.body).toBe(status);
  // biome-ignore lint/suspicious/noExplicitAny: answers are checked against the OpenAPI document by the test app
  return res.json() as any;
};

const sapphire = {
  kind: 'stone',
  stoneType: 'Sapphire',
  shape: 'Oval',
  carat: 1.52,
  colour: 'Royal blue',
  clarity: 'Eye clean',
  measurements: '7.9 × 6.1 × 4.0 mm',
  certificateLab: 'GRS',
  certificateNumber: 'GRS2026-114477',
  costCents: 420_000,
  retailCents: 890_000,
};
const diamond = { kind: 'stone', stoneType: 'Diamond', shape: 'Round', carat: 0.31, colour: 'F', clarity: 'VS1', costCents: 61_000, retailCents: 120_000 };

const parcel = (over: Record<string, unknown> = {}) => ({
  direction: 'in',
  contact: { name: 'Anneliese Okonkwo', company: 'Okonkwo Gems Ltd', email: 'anneliese@okonkwo.example', phone: '+44 20 7946 0102' },
  receivedOn: '2026-11-27',
  dueBackOn: '2026-12-11',
  terms: '14 days on memo; invoice on sale at cost.',
  items: [sapphire, diamond, { ...diamond, carat: 0.3 }],
  ...over,
});

async function customerOf(c: Client) {
  return ok(await c.post('/api/v1/customers', { name: 'Imogen Achterberg', email: 'imogen@example.test' }), 201).id as string;
}

describe('memo parcels and consignments', () => {
  it('takes a parcel in with a new vendor, numbered MEMO-0001, once per Idempotency-Key; a consignment is CON-0001', async () => {
    const shop = await t.newShop('Memo & Daughters');
    const c = shop.client;
    const first = await c.post('/api/v1/memos', parcel(), { headers: { 'idempotency-key': 'parcel-1' } });
    const made = ok(first, 201);
    const replay = await c.post('/api/v1/memos', parcel(), { headers: { 'idempotency-key': 'parcel-1' } });
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json().id).toBe(made.id);
    expect(made).toMatchObject({
      reference: 'MEMO-0001',
      direction: 'in',
      status: 'active',
      contact: { name: 'Anneliese Okonkwo', company: 'Okonkwo Gems Ltd', email: 'anneliese@okonkwo.example' },
      receivedOn: '2026-11-27',
      dueBackOn: '2026-12-11',
      itemCount: 3,
      activeCount: 3,
      overdue: false,
      costCents: 420_000 + 61_000 * 2,
      retailCents: 890_000 + 120_000 * 2,
    });
    expect(made.items.map((i: { position: number }) => i.position)).toEqual([1, 2, 3]);
    expect(made.items[0]).toMatchObject({ ...sapphire, status: 'active', job: null, overdue: false });
    expect(made.items[0].label).toBe('Sapphire, Oval, 1.52 ct, Royal blue Eye clean, 7.9 × 6.1 × 4.0 mm, GRS GRS2026-114477');

    // The same vendor again, by id; and a consignment out to a retailer: each series its own.
    const contacts = ok(await c.get('/api/v1/memo-contacts?q=okonkwo')).items;
    expect(contacts).toHaveLength(1);
    const second = ok(await c.post('/api/v1/memos', { ...parcel({ contactId: contacts[0].id }), contact: undefined }), 201);
    expect(second.reference).toBe('MEMO-0002');
    const consignment = ok(
      await c.post(
        '/api/v1/memos',
        parcel({
          direction: 'out',
          contact: { name: 'Harbour Lane Antiques' },
          items: [{ kind: 'piece', description: 'Art Deco sapphire cluster ring, platinum', retailCents: 650_000 }],
        }),
      ),
      201,
    );
    expect(consignment).toMatchObject({ reference: 'CON-0001', direction: 'out', contact: { name: 'Harbour Lane Antiques' } });
    expect(ok(await c.get('/api/v1/memo-contacts')).items.map((x: { name: string }) => x.name)).toEqual(['Anneliese Okonkwo', 'Harbour Lane Antiques']);

    // Filters: direction, status, a reference or a certificate number.
    expect(ok(await c.get('/api/v1/memos?direction=out')).items.map((m: { reference: string }) => m.reference)).toEqual(['CON-0001']);
    expect(ok(await c.get('/api/v1/memos?direction=in')).items.map((m: { reference: string }) => m.reference)).toEqual(['MEMO-0002', 'MEMO-0001']);
    expect(ok(await c.get('/api/v1/memos?q=MEMO-0002')).items.map((m: { reference: string }) => m.reference)).toEqual(['MEMO-0002']);
    expect(ok(await c.get('/api/v1/memos?q=GRS2026')).items).toHaveLength(2);
    expect(ok(await c.get('/api/v1/memos?status=sold')).items).toEqual([]);
  });

  it('numbers twelve records made at once 1 to 12 with no gap and no repeat', async () => {
    const shop = await t.newShop('Busy Parcels');
    const made = await Promise.all(Array.from({ length: 12 }, () => shop.client.post('/api/v1/memos', parcel())));
    const refs = made.map((r) => ok(r, 201).reference as string).sort();
    expect(refs).toEqual(Array.from({ length: 12 }, (_, i) => `MEMO-${String(i + 1).padStart(4, '0')}`));
  });

  it('settles items one by one; the record is closed when every item is, with the shared outcome or `closed` for a mix', async () => {
    const shop = await t.newShop('Settling Up');
    const c = shop.client;
    const memo = ok(await c.post('/api/v1/memos', parcel()), 201);
    const [a, b, d] = memo.items as { id: string }[];
    const url = (item: { id: string } | undefined) => `/api/v1/memos/${memo.id}/items/${item?.id}/reconcile`;
    let now = ok(await c.post(url(a), { outcome: 'sold' }));
    expect(now).toMatchObject({ status: 'active', activeCount: 2 });
    expect(now.items[0]).toMatchObject({ status: 'sold', settledAt: expect.any(String) });
    // The same outcome again is no change; another outcome of a sold item is refused, with how it ended.
    expect(ok(await c.post(url(a), { outcome: 'sold' })).items[0].settledAt).toBe(now.items[0].settledAt);
    const refused = await c.post(url(a), { outcome: 'returned' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'memo_item_settled', currentStatus: 'sold' });
    // Expired can still become returned.
    ok(await c.post(url(b), { outcome: 'expired' }));
    ok(await c.post(url(b), { outcome: 'returned' }));
    now = ok(await c.post(url(d), { outcome: 'returned' }));
    expect(now).toMatchObject({ status: 'closed', activeCount: 0 });
    expect(ok(await c.get('/api/v1/memos?status=closed')).items.map((m: { id: string }) => m.id)).toEqual([memo.id]);

    const allBack = ok(await c.post('/api/v1/memos', parcel({ items: [diamond, diamond] })), 201);
    for (const item of allBack.items) now = ok(await c.post(`/api/v1/memos/${allBack.id}/items/${item.id}/reconcile`, { outcome: 'returned' }));
    expect(now.status).toBe('returned');
    // A second packet added to it makes it active again.
    const more = ok(await c.post(`/api/v1/memos/${allBack.id}/items`, sapphire), 201);
    expect(more).toMatchObject({ status: 'active', itemCount: 3, activeCount: 1 });
    expect(more.items[2]).toMatchObject({ position: 3, stoneType: 'Sapphire' });
  });

  it('a consignment piece sold keeps the price it sold at, what the consignee owes; one that went out with no price needs one', async () => {
    const shop = await t.newShop('Consigned Pieces');
    const c = shop.client;
    const ring = { kind: 'piece', description: 'Art Deco sapphire cluster ring, platinum', costCents: 300_000, retailCents: 650_000 };
    const brooch = { kind: 'piece', description: 'Victorian mourning brooch' };
    const out = ok(await c.post('/api/v1/memos', parcel({ direction: 'out', contact: { name: 'Harbour Lane Antiques' }, items: [ring, brooch, ring] })), 201);
    const [agreed, unpriced, lower] = out.items as { id: string }[];
    const url = (item: { id: string } | undefined) => `/api/v1/memos/${out.id}/items/${item?.id}/reconcile`;

    expect(ok(await c.post(url(agreed), { outcome: 'sold' })).items[0]).toMatchObject({ status: 'sold', retailCents: 650_000, soldCents: 650_000 });
    const needsPrice = await c.post(url(unpriced), { outcome: 'sold' });
    expect(needsPrice.statusCode).toBe(422);
    expect(needsPrice.json().errors).toEqual([{ path: 'priceCents', message: 'Say what it sold for: the amount the consignee owes you' }]);
    expect(ok(await c.post(url(unpriced), { outcome: 'sold', priceCents: 48_000 })).items[1]).toMatchObject({
      status: 'sold',
      retailCents: null,
      soldCents: 48_000,
    });
    // Sold below its asking price: the asking price is kept (it is on the printed note), the sale beside it.
    const settled = ok(await c.post(url(lower), { outcome: 'sold', priceCents: 600_000 }));
    expect(settled.items[2]).toMatchObject({ status: 'sold', retailCents: 650_000, soldCents: 600_000 });
    expect(settled).toMatchObject({ status: 'sold', retailCents: 650_000 + 650_000 });

    // A price is for a sale, of a consignment piece, more than zero and within one amount.
    const memo = ok(await c.post('/api/v1/memos', parcel()), 201);
    const memoItem = `/api/v1/memos/${memo.id}/items/${memo.items[0].id}/reconcile`;
    for (const [path, body] of [
      [memoItem, { outcome: 'sold', priceCents: 10_000 }],
      [url(agreed), { outcome: 'returned', priceCents: 10_000 }],
      [memoItem, { outcome: 'sold', priceCents: 0 }],
      [memoItem, { outcome: 'sold', priceCents: 1_000_000_000_001 }],
      [memoItem, { outcome: 'sold', priceCents: 12.5 }],
    ] as const) {
      const refused = await c.post(path, body);
      expect(refused.statusCode, JSON.stringify(body)).toBe(422);
      expect(refused.json().errors.map((e: { path: string }) => e.path)).toEqual(['priceCents']);
    }
    expect(ok(await c.get(`/api/v1/memos/${memo.id}`)).items[0]).toMatchObject({ status: 'active', retailCents: 890_000 });
  });

  it('changes dates, terms and notes; due back before received is a field error', async () => {
    const shop = await t.newShop('Dates & Terms');
    const c = shop.client;
    const memo = ok(await c.post('/api/v1/memos', parcel()), 201);
    const changed = ok(await c.patch(`/api/v1/memos/${memo.id}`, { dueBackOn: '2026-12-20', terms: '21 days', notes: 'Vendor calls Fridays' }));
    expect(changed).toMatchObject({ dueBackOn: '2026-12-20', terms: '21 days', notes: 'Vendor calls Fridays', receivedOn: '2026-11-27' });
    const bad = await c.patch(`/api/v1/memos/${memo.id}`, { dueBackOn: '2026-11-01' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toEqual(['dueBackOn']);
    const cleared = ok(await c.patch(`/api/v1/memos/${memo.id}`, { dueBackOn: null }));
    expect(cleared.dueBackOn).toBeNull();
  });

  it('lists active items past their due-back date in the shop’s today, for the hub and by filter', async () => {
    const shop = await t.newShop('Overdue Ltd');
    const c = shop.client;
    const late = ok(await c.post('/api/v1/memos', parcel({ receivedOn: '2026-11-01', dueBackOn: '2026-11-20' })), 201);
    ok(await c.post('/api/v1/memos', parcel({ receivedOn: '2026-11-01', dueBackOn: '2026-11-27' })), 201);
    ok(await c.post(`/api/v1/memos/${late.id}/items/${late.items[0].id}/reconcile`, { outcome: 'returned' }));
    const hub = ok(await c.get('/api/v1/memos/overdue'));
    expect(hub.today).toBe('2026-11-27');
    expect(hub.items.map((i: { id: string }) => i.id)).toEqual([late.items[1].id, late.items[2].id]);
    expect(hub.items[0]).toMatchObject({
      overdue: true,
      memo: { id: late.id, reference: 'MEMO-0001', contactName: 'Anneliese Okonkwo', dueBackOn: '2026-11-20' },
    });
    expect(ok(await c.get('/api/v1/memos?overdue=true')).items.map((m: { id: string }) => m.id)).toEqual([late.id]);
    expect(ok(await c.get(`/api/v1/memos/${late.id}`)).overdue).toBe(true);
    // Once the last of them is settled, nothing is overdue.
    for (const item of late.items.slice(1)) ok(await c.post(`/api/v1/memos/${late.id}/items/${item.id}/reconcile`, { outcome: 'sold' }));
    expect(ok(await c.get('/api/v1/memos/overdue')).items).toEqual([]);
    expect(ok(await c.get('/api/v1/memos?overdue=true')).items).toEqual([]);
  });

  it('prints the memo document as a PDF, any script in it', async () => {
    const shop = await t.newShop('Printing Parcels');
    const memo = ok(await shop.client.post('/api/v1/memos', parcel({ contact: { name: '山田 宝石 (Yamada Gems)', company: 'Ζαφείρι Α.Ε.' } })), 201);
    const res = await shop.client.get(`/api/v1/memos/${memo.id}/memo.pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain('MEMO-0001.pdf');
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    // The CJK and Greek faces were embedded for the contact's name.
    expect(res.rawPayload.toString('latin1')).toMatch(/NotoSansJP|NotoSans-/);
  });

  it('e-mails the owner the overdue items each morning when the shop asks: once a day, from 07:00 in its zone, as the list stands when sent', async () => {
    const shop = await t.newShop('Morning Gems');
    const c = shop.client;
    const shopId = shop.shop.id;
    await t.db.tenant(shopId, (tx) => saveSettings(tx, { ...defaultSettings(shopId), defaultChannel: 'preview' }));
    const late = ok(await c.post('/api/v1/memos', parcel({ receivedOn: '2026-11-01', dueBackOn: '2026-11-20' })), 201);
    const digests = async () =>
      (
        (await t.db.raw.execute(
          sql`select idempotency_key as key, status, channel, to_address, subject, body from outbox where shop_id = ${shopId} and topic = 'memo_overdue' and idempotency_key like '%:2026-11-2_' order by idempotency_key`,
        )) as unknown as { rows: { key: string; status: string; channel: string; to_address: string; subject: string; body: string }[] }
      ).rows;
    // Off by default: nothing is queued.
    await queueOverdueDigests(t.db, new Date('2026-11-27T09:00:00Z'));
    expect(await digests()).toEqual([]);
    expect(ok(await c.get('/api/v1/settings/memos'))).toEqual({ overdueEmail: false, recipient: null, ownerEmail: shop.email });
    expect(ok(await c.request('PUT', '/api/v1/settings/memos', { body: { overdueEmail: true } }))).toEqual({
      overdueEmail: true,
      recipient: null,
      ownerEmail: shop.email,
    });
    expect(ok(await c.get('/api/v1/settings/memos'))).toMatchObject({ overdueEmail: true });
    // Before seven in the shop's zone (London), nothing; from seven, one, however often it runs.
    await queueOverdueDigests(t.db, new Date('2026-11-27T06:59:00Z'));
    expect(await digests()).toEqual([]);
    await queueOverdueDigests(t.db, new Date('2026-11-27T07:00:00Z'));
    await queueOverdueDigests(t.db, new Date('2026-11-27T15:00:00Z'));
    expect((await digests()).map((d) => d.key)).toEqual([`memo_overdue:${shopId}:2026-11-27`]);
    // One item is settled before the sender gets to it: the e-mail lists the other two.
    ok(await c.post(`/api/v1/memos/${late.id}/items/${late.items[0].id}/reconcile`, { outcome: 'returned' }));
    const sender = new OutboxSender(
      { db: t.db, box: t.deps.box, channels: channelAdapters('http://127.0.0.1:9'), config: { publicUrl: ORIGIN } },
      { workerId: 'memo-test' },
    );
    await sender.drain();
    const [sent] = await digests();
    expect(sent).toMatchObject({ status: 'sent', channel: 'preview', to_address: shop.email, subject: '2 memo items overdue at Morning Gems' });
    expect(sent?.body).toContain('MEMO-0001 (Anneliese Okonkwo), due back 2026-11-20: Diamond, Round, 0.31 ct, F VS1');
    expect(sent?.body).not.toContain('Sapphire');
    // Sent to someone else from the next morning (the bookkeeper), then to the owner again once cleared.
    expect(ok(await c.request('PUT', '/api/v1/settings/memos', { body: { overdueEmail: true, recipient: ' Books@Morning-Gems.Example ' } }))).toMatchObject({
      recipient: 'books@morning-gems.example',
    });
    await queueOverdueDigests(t.db, new Date('2026-11-28T07:30:00Z'));
    await sender.drain();
    expect((await digests()).map((d) => [d.key, d.to_address])).toEqual([
      [`memo_overdue:${shopId}:2026-11-27`, shop.email],
      [`memo_overdue:${shopId}:2026-11-28`, 'books@morning-gems.example'],
    ]);
    // Turning it off (the address left as it is) keeps the address for when it is turned on again.
    expect(ok(await c.request('PUT', '/api/v1/settings/memos', { body: { overdueEmail: false } }))).toMatchObject({
      overdueEmail: false,
      recipient: 'books@morning-gems.example',
    });
    expect(ok(await c.request('PUT', '/api/v1/settings/memos', { body: { overdueEmail: true, recipient: '' } }))).toMatchObject({ recipient: null });
    // The next morning, with everything settled, nothing is queued.
    for (const item of late.items.slice(1)) ok(await c.post(`/api/v1/memos/${late.id}/items/${item.id}/reconcile`, { outcome: 'sold' }));
    await queueOverdueDigests(t.db, new Date('2026-11-29T08:00:00Z'));
    expect((await digests()).map((d) => d.key)).toEqual([`memo_overdue:${shopId}:2026-11-27`, `memo_overdue:${shopId}:2026-11-28`]);
  });
});

describe('memo items linked from jobs', () => {
  it.each(pipelinesUnderTest.map((p) => [p.def.kind, p] as const))(
    'a %s job links memo stones, lists them, unlinks one; a consignment piece, a settled item or one in another job is refused',
    async (_kind, p) => {
      const shop = await t.newShop(`Linking ${p.def.kind}`);
      const c = shop.client;
      const customerId = await customerOf(c);
      const job = ok(await c.post(p.path, p.newJob(customerId)), 201);
      const other = ok(await c.post(p.path, p.newJob(customerId)), 201);
      const memo = ok(await c.post('/api/v1/memos', parcel()), 201);
      const [a, b, d] = memo.items as { id: string }[];
      const link = (jobId: string, item: { id: string } | undefined) => c.post(`${p.path}/${jobId}/memo-items/${item?.id}`);

      const available = ok(await c.get('/api/v1/memos/available-items')).items.map((i: { id: string }) => i.id);
      expect(available).toEqual([a?.id, b?.id, d?.id]);
      ok(await link(job.id, a), 201);
      expect(ok(await c.get('/api/v1/memos/available-items')).items.map((i: { id: string }) => i.id)).toEqual([b?.id, d?.id]);
      const linked = ok(await link(job.id, b), 201);
      expect(linked.items.map((i: { id: string }) => i.id)).toEqual([a?.id, b?.id]);
      expect(linked.items[0]).toMatchObject({ memo: { id: memo.id, reference: 'MEMO-0001' }, job: { id: job.id, reference: job.reference, kind: p.def.kind } });
      // Linking again is no change.
      expect(ok(await link(job.id, a), 201).items).toHaveLength(2);
      expect(ok(await c.get(`/api/v1/memos/${memo.id}`)).items[0].job).toMatchObject({
        id: job.id,
        staffPath: `${pipelineOf(p.def.kind)?.staffPath}/${job.id}`,
      });

      const elsewhere = await link(other.id, a);
      expect(elsewhere.statusCode).toBe(409);
      expect(elsewhere.json().code).toBe('memo_item_unavailable');
      ok(await c.post(`/api/v1/memos/${memo.id}/items/${d?.id}/reconcile`, { outcome: 'returned' }));
      expect((await link(job.id, d)).json().code).toBe('memo_item_unavailable');
      const consignment = ok(await c.post('/api/v1/memos', parcel({ direction: 'out', contact: { name: 'Harbour Lane' } })), 201);
      expect((await link(job.id, consignment.items[0])).json().code).toBe('memo_item_unavailable');

      // Reconciling a linked item keeps the link (the memo trail stays one click from the job).
      ok(await c.post(`/api/v1/memos/${memo.id}/items/${a?.id}/reconcile`, { outcome: 'sold' }));
      const after = ok(await c.get(`${p.path}/${job.id}/memo-items`)).items;
      expect(after.map((i: { status: string }) => i.status)).toEqual(['sold', 'active']);
      const unlinked = ok(await c.delete(`${p.path}/${job.id}/memo-items/${b?.id}`));
      expect(unlinked.items.map((i: { id: string }) => i.id)).toEqual([a?.id]);
      expect((await c.delete(`${p.path}/${job.id}/memo-items/${b?.id}`)).statusCode).toBe(404);
      // The job's own moves are not refused by its memo items (the staff app asks; the server records).
      const line = mainLine(p.def);
      ok(await c.post(`${p.path}/${job.id}/stage`, { to: line.at(line.readyAt) }));
    },
  );

  it('two jobs linking the same stone at once: one gets it', async () => {
    const p = pipelinesUnderTest[0];
    if (!p) throw new Error('no pipelines');
    const shop = await t.newShop('Race for a Stone');
    const c = shop.client;
    const customerId = await customerOf(c);
    const jobs = await Promise.all([1, 2, 3, 4].map(async () => ok(await c.post(p.path, p.newJob(customerId)), 201)));
    const memo = ok(await c.post('/api/v1/memos', parcel()), 201);
    const answers = await Promise.all(jobs.map((j) => c.post(`${p.path}/${j.id}/memo-items/${memo.items[0].id}`)));
    expect(answers.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409]);
    const winner = jobs[answers.findIndex((r) => r.statusCode === 201)];
    expect(ok(await c.get(`/api/v1/memos/${memo.id}`)).items[0].job.id).toBe(winner?.id);
  });
});
