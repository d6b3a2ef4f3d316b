import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client, TestApp } from '../../testing/test-app.js';
import { ORIGIN, shopWithCustomer } from '../../testing/test-app.js';
import { channelAdapters } from '../notifications/channels/index.js';
import { OutboxSender } from '../notifications/sender.js';

let t: TestApp, client: Client, customerId: string;
beforeAll(async () => {
  ({ t, client, customerId } = await shopWithCustomer({ name: 'Harry Thornton', email: 'harry@example.test' }));
});
afterAll(() => t.close());

async function quotedRepair() {
  const job = (
    await client.post('/api/v1/repairs', {
      customerId,
      itemType: 'ring',
      workLines: [
        { kind: 're_tip', description: 'Four claws', priceCents: 9_000 },
        { kind: 'polish', priceCents: 2_000 },
      ],
      conditionNotes: 'Internal: customer haggles',
    })
  ).json();
  // Assessed, then quoted, as the bench does it: a stage skipped would be left out of the customer's steps.
  for (const to of ['assessed', 'quoted']) expect((await client.post(`/api/v1/repairs/${job.id}/stage`, { to })).statusCode).toBe(200);
  return job as { id: string; reference: string; tracking: { code: string } };
}

describe('a repair on the tracking page', () => {
  it('shows the quote lines at quoted, in the repair pipeline’s words, with nothing internal', async () => {
    const job = await quotedRepair();
    const res = await t.anonymous.get(`/api/v1/track/${job.tracking.code}`);
    expect(res.statusCode).toBe(200);
    const view = res.json();
    expect(view).toMatchObject({ reference: job.reference, stage: 'quoted', stageLabel: 'Quote ready for you', progress: 30, canMessage: true });
    expect(view.steps.map((s: { label: string }) => s.label)).toEqual([
      'Booked in',
      'Assessed by our jeweller',
      'Quote ready for you',
      'Quote approved',
      'Being repaired',
      'Ready to collect',
      'Collected',
    ]);
    expect(view.quote.lines.map((l: { work: string }) => l.work)).toEqual(['Re-tip claws', 'Polish']);
    expect(view.quote.formatted).toBe('£110.00');
    expect(res.body).not.toContain('haggles');
    const page = await t.anonymous.get(`/track/${job.tracking.code}`);
    expect(page.body).toContain('Approve quote');
    expect(page.body).toContain('Re-tip claws');
  });

  it('approving the quote moves the repair to approved, in the history as the customer', async () => {
    const job = await quotedRepair();
    const res = await t.anonymous.post(`/api/v1/track/${job.tracking.code}/quote`, { decision: 'approved' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ decision: 'approved', moved: true, view: { stage: 'approved', quote: null } });
    const d = (await client.get(`/api/v1/repairs/${job.id}`)).json();
    expect(d.stages.at(-1)).toMatchObject({
      stage: 'approved',
      fromStage: 'quoted',
      actor: null,
      actorLabel: 'Customer (via tracking link)',
      note: 'Quote approved by the customer',
    });
    const again = await t.anonymous.post(`/api/v1/track/${job.tracking.code}/quote`, { decision: 'declined' });
    expect(again.statusCode).toBe(409);
  });

  it('declining puts the repair on hold with the customer’s words, from the page’s own form', async () => {
    const job = await quotedRepair();
    const res = await t.anonymous.post(`/track/${job.tracking.code}/quote`, 'decision=declined&comment=Too+dear%2C+I+will+collect', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.statusCode).toBe(303);
    const d = (await client.get(`/api/v1/repairs/${job.id}`)).json();
    expect(d.stage).toBe('on_hold');
    expect(d.heldFromStage).toBe('quoted');
    expect(d.stages.at(-1).note).toBe('Quote declined by the customer: Too dear, I will collect');
  });

  it('finds a repair by its R- reference and the customer’s surname', async () => {
    const job = await quotedRepair();
    const res = await t.anonymous.post('/api/v1/track/lookup', { reference: job.reference.toLowerCase(), verifier: 'thornton' });
    expect(res.statusCode).toBe(200);
    expect(res.json().reference).toBe(job.reference);
  });
});

it('prints a take-in slip and an envelope for a repair', async () => {
  const job = await quotedRepair();
  for (const doc of ['slip', 'envelope']) {
    const res = await client.get(`/api/v1/repairs/${job.id}/${doc}.pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/pdf');
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  }
  const other = await t.newShop('Elsewhere');
  expect((await other.client.get(`/api/v1/repairs/${job.id}/slip.pdf`)).statusCode).toBe(404);
});

describe('messages both ways on a repair', () => {
  it('brings the customer’s message to the repair, unread, and the staff answer to the customer’s channel', async () => {
    await client.request('PUT', '/api/v1/settings/notifications', { body: { defaultChannel: 'preview' } });
    const template = await client.request('PUT', '/api/v1/settings/notifications/templates/staff_reply/preview', {
      body: { subject: 'About {{job.reference}}', body: '{{message.body}} ({{job.reference}}: {{tracking.url}})' },
    });
    expect(template.statusCode, template.body).toBe(200);
    const job = await quotedRepair();
    const code = job.tracking.code;

    const heard: string[] = [];
    const shopId: string = (await client.get('/api/v1/me')).json().shop.id;
    const stop = t.deps.live.subscribe(shopId, (e) => heard.push(`${e.kind}:${e.id}`));
    const sent = await t.anonymous.post(`/api/v1/track/${code}/messages`, { body: '  Can you also clean the stone?  ' });
    expect(sent.statusCode, sent.body).toBe(201);
    expect(sent.json()).toMatchObject({ from: 'customer', body: 'Can you also clean the stone?' });
    await expect.poll(() => heard.includes(`repair:${job.id}`), { timeout: 3000 }).toBe(true);
    stop();

    const list = (await client.get(`/api/v1/repairs/${job.id}/messages`)).json();
    expect(list).toMatchObject({ unread: 1, items: [{ direction: 'from_customer', body: 'Can you also clean the stone?', author: null, readAt: null }] });
    expect((await client.get('/api/v1/messages/unread')).json().items).toContainEqual(
      expect.objectContaining({ kind: 'repair', jobId: job.id, reference: job.reference, unread: 1 }),
    );

    const read = await client.post(`/api/v1/repairs/${job.id}/messages/read`);
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json()).toEqual({ unread: 0 });
    expect((await client.get('/api/v1/messages/unread')).json().items.map((i: { jobId: string }) => i.jobId)).not.toContain(job.id);

    // The page's own form (no JavaScript) writes on a repair too; answering reads it.
    const form = await t.anonymous.post(`/track/${code}/messages`, 'body=And+the+clasp+is+loose', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.statusCode).toBe(303);
    expect((await client.get(`/api/v1/repairs/${job.id}/messages`)).json().unread).toBe(1);
    const answer = await client.post(`/api/v1/repairs/${job.id}/messages`, { body: 'Yes to both: no charge for the clean.' });
    expect(answer.statusCode, answer.body).toBe(201);
    expect(answer.json()).toMatchObject({ direction: 'from_staff', body: 'Yes to both: no charge for the clean.', author: { name: 'Ada Hatton' } });
    const after = (await client.get(`/api/v1/repairs/${job.id}/messages`)).json();
    expect(after.unread).toBe(0);
    expect(after.items.map((m: { direction: string }) => m.direction)).toEqual(['from_customer', 'from_customer', 'from_staff']);

    // The answer goes out through the outbox, rendered with the staff_reply template, and shows in the repair's delivery log.
    t.clock.set(new Date());
    const sender = new OutboxSender(
      { db: t.db, box: t.deps.box, channels: channelAdapters('http://127.0.0.1:9'), config: { publicUrl: ORIGIN } },
      { workerId: 'repair-tracking-test' },
    );
    await sender.drain();
    const log = (await client.get(`/api/v1/repairs/${job.id}`)).json().notifications as { event: string; status: string; body: string }[];
    const reply = log.find((m) => m.event === 'staff_reply');
    expect(reply).toMatchObject({ status: 'sent' });
    expect(reply?.body).toBe(`Yes to both: no charge for the clean. (${job.reference}: ${ORIGIN}/track/${code})`);

    // The customer sees the whole conversation, on the API and on the page, and no staff name.
    const view = await t.anonymous.get(`/api/v1/track/${code}`);
    expect(view.json().messages.map((m: { from: string; body: string }) => [m.from, m.body])).toEqual([
      ['customer', 'Can you also clean the stone?'],
      ['customer', 'And the clasp is loose'],
      ['shop', 'Yes to both: no charge for the clean.'],
    ]);
    expect(view.body).not.toContain('Ada Hatton');
    const page = await t.anonymous.get(`/track/${code}`);
    expect(page.body).toContain('Yes to both: no charge for the clean.');
    expect(page.body).toContain(`action="/track/${code}/messages"`);
  });

  it('keeps a repair’s messages in its shop and its pipeline: another shop, and a bespoke id, are not found', async () => {
    const job = await quotedRepair();
    expect((await t.anonymous.post(`/api/v1/track/${job.tracking.code}/messages`, { body: 'Hello?' })).statusCode).toBe(201);

    const other = await t.newShop('Elsewhere');
    for (const res of [
      await other.client.get(`/api/v1/repairs/${job.id}/messages`),
      await other.client.post(`/api/v1/repairs/${job.id}/messages`, { body: 'hi' }),
      await other.client.post(`/api/v1/repairs/${job.id}/messages/read`),
    ]) {
      expect(res.statusCode, res.body).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect((await other.client.get('/api/v1/messages/unread')).json().items).toEqual([]);
    // Nothing the other shop tried was written or read.
    expect((await client.get(`/api/v1/repairs/${job.id}/messages`)).json()).toMatchObject({ unread: 1, items: [{ body: 'Hello?' }] });

    const bespoke = (await client.post('/api/v1/bespoke', { title: 'Locket', customerId })).json();
    expect((await client.get(`/api/v1/repairs/${bespoke.id}/messages`)).statusCode).toBe(404);
    expect((await client.get(`/api/v1/bespoke/${job.id}/messages`)).statusCode).toBe(404);
  });

  it('refuses an empty or overlong answer with a field error, and writes nothing', async () => {
    const job = await quotedRepair();
    for (const body of [{ body: '   ' }, { body: 'x'.repeat(1001) }, {}]) {
      const res = await client.post(`/api/v1/repairs/${job.id}/messages`, body);
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json().errors[0].path).toBe('body');
    }
    expect((await client.get(`/api/v1/repairs/${job.id}/messages`)).json()).toEqual({ items: [], unread: 0 });
  });
});
