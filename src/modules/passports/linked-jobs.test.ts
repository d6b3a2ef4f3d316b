import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client, TestApp } from '../../testing/test-app.js';
import { testApp } from '../../testing/test-app.js';

let t: TestApp;
let client: Client;
let customerId: string;
let nextAddress = 10;
const address = () => `198.51.100.${nextAddress++}`;

interface Passport {
  id: string;
  number: string;
  verified: boolean;
  events: { seq: number; kind: string; note: string | null; valueCents: number | null; occurredOn: string }[];
  linkedJobs: { jobId: string; reference: string; eventSeq: number | null; adds: { kind: string; on: string } | null }[];
}

const ok = (res: LightMyRequestResponse, status = 200) => {
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
};

const page = (url: string) => t.app.inject({ method: 'GET', url, remoteAddress: address() });

async function passportFromScratch(title = 'Inherited diamond solitaire'): Promise<Passport> {
  return ok(await client.post('/api/v1/passports', { title, owner: { name: 'Harriet Vane', contact: 'harriet@example.test' } }), 201);
}

async function repair(c = client, customer = customerId) {
  return ok(await c.post('/api/v1/repairs', { customerId: customer, itemType: 'ring', workLines: [{ kind: 'resize', priceCents: 4_500 }] }), 201) as {
    id: string;
    reference: string;
  };
}

const move = (kind: string, id: string, to: string, from?: string) => client.post(`/api/v1/${kind}/${id}/stage`, { to, ...(from ? { from } : {}) });
const passport = async (id: string): Promise<Passport> => ok(await client.get(`/api/v1/passports/${id}`));
const link = (passportId: string, jobId: string, c = client) => c.post(`/api/v1/passports/${passportId}/jobs`, { jobId });

beforeAll(async () => {
  t = await testApp();
  const shop = await t.newShop('Hatton & Daughters');
  client = shop.client;
  customerId = ok(await client.post('/api/v1/customers', { name: 'Harriet Vane', email: 'harriet@example.test' }), 201).id;
});
afterAll(() => t.close());

describe('a repair linked to a passport', () => {
  it('adds a signed, chained "repaired" event when collected, once, however often it goes back and is collected again', async () => {
    const p = await passportFromScratch();
    const job = await repair();
    const linked: Passport = ok(await link(p.id, job.id), 201);
    expect(linked.linkedJobs).toEqual([
      expect.objectContaining({
        jobId: job.id,
        reference: job.reference,
        eventSeq: null,
        adds: expect.objectContaining({ kind: 'repaired', on: 'collected' }),
      }),
    ]);
    expect(ok(await client.get(`/api/v1/passports/job-link?jobId=${job.id}`))).toMatchObject({
      passport: { id: p.id, number: p.number },
      eventSeq: null,
      adds: { kind: 'repaired' },
    });

    ok(await move('repairs', job.id, 'ready'));
    expect((await passport(p.id)).events.map((e) => e.kind)).toEqual(['issued']);
    ok(await move('repairs', job.id, 'collected'));
    const after = await passport(p.id);
    expect(after.events.map((e) => [e.seq, e.kind, e.note])).toEqual([
      [1, 'issued', null],
      [2, 'repaired', `Repair ${job.reference}`],
    ]);
    expect(after.verified).toBe(true);
    expect(after.linkedJobs[0]?.eventSeq).toBe(2);
    expect(ok(await client.get(`/api/v1/passports/job-link?jobId=${job.id}`))).toMatchObject({ passport: { id: p.id }, eventSeq: 2 });
    expect(ok(await client.get(`/api/v1/passports/draft?jobId=${job.id}`))).toMatchObject({ eligible: true });

    // Back to ready (a mistake, or more work) and collected again: no second event.
    ok(await move('repairs', job.id, 'ready', 'collected'));
    ok(await move('repairs', job.id, 'collected', 'ready'));
    const again = await passport(p.id);
    expect(again.events.map((e) => e.kind)).toEqual(['issued', 'repaired']);
    expect(again.verified).toBe(true);
    expect((await page(`/verify/${p.number}`)).body).toContain('Repaired');
  });

  it('records one event when two moves to collected race (PostgreSQL: concurrent; PGlite: one after the other)', async () => {
    const p = await passportFromScratch('Racing bangle');
    const job = await repair();
    ok(await link(p.id, job.id), 201);
    ok(await move('repairs', job.id, 'ready'));
    const answers = await Promise.all([move('repairs', job.id, 'collected', 'ready'), move('repairs', job.id, 'collected', 'ready')]);
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200]);
    expect(answers.map((a) => a.json().moved).sort()).toEqual([false, true]);
    const after = await passport(p.id);
    expect(after.events.map((e) => e.kind)).toEqual(['issued', 'repaired']);
    expect(after.verified).toBe(true);
  });

  it('keeps one chain when two linked jobs of one passport are collected at once', async () => {
    const p = await passportFromScratch('Twice-mended brooch');
    const [a, b] = [await repair(), await repair()];
    for (const j of [a, b]) {
      ok(await link(p.id, j.id), 201);
      ok(await move('repairs', j.id, 'ready'));
    }
    await Promise.all([a, b].map((j) => move('repairs', j.id, 'collected', 'ready')));
    const after = await passport(p.id);
    expect(after.events.map((e) => e.kind)).toEqual(['issued', 'repaired', 'repaired']);
    expect(new Set(after.events.slice(1).map((e) => e.note))).toEqual(new Set([`Repair ${a.reference}`, `Repair ${b.reference}`]));
    expect(after.verified).toBe(true);
  });

  it('adds the event at once for a job linked after it was collected; linking again changes nothing; unlinking is only before', async () => {
    const p = await passportFromScratch('Late-linked ring');
    const done = await repair();
    ok(await move('repairs', done.id, 'collected'));
    const linked: Passport = ok(await link(p.id, done.id), 201);
    expect(linked.events.map((e) => e.kind)).toEqual(['issued', 'repaired']);
    const twice: Passport = ok(await link(p.id, done.id), 201);
    expect(twice.events).toHaveLength(2);
    const refused = await client.delete(`/api/v1/passports/${p.id}/jobs/${done.id}`);
    expect(refused.statusCode).toBe(422);

    const other = await passportFromScratch('Another piece');
    const elsewhere = await link(other.id, done.id);
    expect(elsewhere.statusCode).toBe(422);
    expect(elsewhere.json().errors[0]).toMatchObject({ path: 'jobId', message: expect.stringContaining(p.number) });

    const pending = await repair();
    ok(await link(p.id, pending.id), 201);
    const unlinked: Passport = ok(await client.delete(`/api/v1/passports/${p.id}/jobs/${pending.id}`));
    expect(unlinked.linkedJobs.map((j) => j.jobId)).toEqual([done.id]);
    ok(await move('repairs', pending.id, 'collected'));
    expect((await passport(p.id)).events).toHaveLength(2);
  });
});

describe('an appraisal linked to a passport', () => {
  it('adds "appraised" with the valuation when collected; /verify shows the value only when the owner allows', async () => {
    const p = await passportFromScratch('Sapphire cluster ring');
    const job = ok(
      await client.post('/api/v1/appraisals', { customerId, itemType: 'ring', description: 'Sapphire cluster', replacementValueCents: 1_234_500 }),
      201,
    ) as { id: string; reference: string };
    ok(await link(p.id, job.id), 201);
    ok(await move('appraisals', job.id, 'report_issued'));
    ok(await move('appraisals', job.id, 'collected'));
    const after = await passport(p.id);
    expect(after.events.at(-1)).toMatchObject({ kind: 'appraised', note: `Appraisal ${job.reference}`, valueCents: 1_234_500 });
    expect(after.verified).toBe(true);
    expect((await page(`/verify/${p.number}`)).body).not.toContain('12,345');
    ok(await client.patch(`/api/v1/passports/${p.id}`, { showValues: true }));
    expect((await page(`/verify/${p.number}`)).body).toContain('£12,345.00');
  });
});

describe('a bespoke job linked to a passport', () => {
  it('can be linked, and adds nothing: its pipeline declares no event', async () => {
    const p = await passportFromScratch('Remodelled pendant');
    const job = ok(await client.post('/api/v1/bespoke', { title: 'Remodel the pendant', customerId }), 201) as { id: string };
    const linked: Passport = ok(await link(p.id, job.id), 201);
    expect(linked.linkedJobs[0]?.adds).toBeNull();
    ok(await move('bespoke', job.id, 'collected'));
    expect((await passport(p.id)).events.map((e) => e.kind)).toEqual(['issued']);
  });
});

describe('another shop', () => {
  it('cannot link its job to this passport, nor this shop’s job to its own, nor see or undo a link (404)', async () => {
    const p = await passportFromScratch('Guarded locket');
    const mine = await repair();
    ok(await link(p.id, mine.id), 201);
    const other = await t.newShop('Other Jewellers');
    const theirCustomer = ok(await other.client.post('/api/v1/customers', { name: 'Peter Wimsey' }), 201).id as string;
    const theirs = await repair(other.client, theirCustomer);
    const theirPassport: Passport = ok(await other.client.post('/api/v1/passports', { title: 'Their piece', owner: { name: 'Peter Wimsey' } }), 201);

    expect((await link(p.id, theirs.id, other.client)).statusCode).toBe(404);
    expect((await link(theirPassport.id, mine.id, other.client)).statusCode).toBe(404);
    expect((await link(p.id, theirs.id)).statusCode).toBe(404);
    expect((await other.client.get(`/api/v1/passports/job-link?jobId=${mine.id}`)).statusCode).toBe(404);
    expect((await other.client.delete(`/api/v1/passports/${p.id}/jobs/${mine.id}`)).statusCode).toBe(404);
    expect((await passport(p.id)).linkedJobs.map((j) => j.jobId)).toEqual([mine.id]);
  });
});
