import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelinesUnderTest } from '../../testing/pipelines.js';
import { Client, cookieFrom, ORIGIN, type TestApp, testApp } from '../../testing/test-app.js';

/** The calendar as the HTTP contract names it (api-v1.md, "Calendar"): `items`, and feeds made and revoked by id. */

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const ok = (res: { statusCode: number; body: string; json(): unknown }, status = 200) => {
  expect(res.statusCode, res.body).toBe(status);
  if (status === 204) return undefined;
  // biome-ignore lint/suspicious/noExplicitAny: answers are checked against the OpenAPI document by the test app
  return res.json() as any;
};

async function customer(c: Client, name: string) {
  return ok(await c.post('/api/v1/customers', { name, email: 'someone@example.test' }), 201).id as string;
}

async function signedInStaff(owner: Client, name: string) {
  const email = `${name.split(' ')[0]?.toLowerCase()}-${Math.random()}@example.test`;
  const id = ok(await owner.post('/api/v1/staff', { name, email, role: 'staff', password: 'correct horse battery staple' }), 201).id as string;
  const client = new Client(t.app, cookieFrom(await t.anonymous.post('/api/v1/session', { email, password: 'correct horse battery staple' })));
  return { id, client };
}

interface Item {
  type: 'due' | 'appointment';
  [key: string]: unknown;
}

describe('GET /api/v1/calendar: items', () => {
  it("holds every pipeline's due dates and the appointments in the range, of this shop only, with the contract's fields", async () => {
    t.clock.set(new Date('2026-12-03T10:00:00Z'));
    const shop = await t.newShop('Items Jewellers');
    const c = shop.client;
    const customerId = await customer(c, 'Imogen Achterberg');
    const bench = await signedInStaff(c, 'Rosalind Pike');
    const due: Record<string, { id: string; reference: string; title: string }> = {};
    for (const p of pipelinesUnderTest) {
      due[p.def.kind] = ok(await c.post(p.path, { ...p.newJob(customerId), dueDate: '2026-12-01' }), 201);
      // After the range asked for: not among the items.
      ok(await c.post(p.path, { ...p.newJob(customerId), dueDate: '2027-01-05' }), 201);
    }
    const first = pipelinesUnderTest[0];
    if (!first) throw new Error('no pipelines');
    const lastDay = ok(await c.post(first.path, { ...first.newJob(customerId), dueDate: '2026-12-31' }), 201);
    const jobId = due[first.def.kind]?.id;
    const fitting = ok(
      await c.post('/api/v1/appointments', { kind: 'fitting', customerId, jobId, staffId: bench.id, startsAt: '2026-12-10T10:00:00Z', durationMinutes: 45 }),
      201,
    );
    const walkIn = ok(await c.post('/api/v1/appointments', { kind: 'valuation', customerId, startsAt: '2026-12-10T09:00:00Z', durationMinutes: 30 }), 201);
    // Before the range: not among the items.
    ok(await c.post('/api/v1/appointments', { kind: 'collection', customerId, startsAt: '2026-11-20T09:00:00Z', durationMinutes: 15 }), 201);

    // Another shop's due date and appointment on the same days.
    const other = await t.newShop('Elsewhere Jewellers');
    const theirCustomer = await customer(other.client, 'Someone Else');
    const theirJob = ok(await other.client.post(first.path, { ...first.newJob(theirCustomer), dueDate: '2026-12-01' }), 201);
    const theirs = ok(
      await other.client.post('/api/v1/appointments', { kind: 'fitting', customerId: theirCustomer, startsAt: '2026-12-10T10:00:00Z', durationMinutes: 30 }),
      201,
    );

    const cal = ok(await c.get('/api/v1/calendar?from=2026-11-30&to=2026-12-31'));
    const items: Item[] = cal.items;
    const dueItems = items.filter((i) => i.type === 'due');
    const appointmentItems = items.filter((i) => i.type === 'appointment');
    expect(dueItems.map((i) => i.jobId).sort()).toEqual([...Object.values(due).map((j) => j.id), lastDay.id].sort());
    expect(new Set(dueItems.map((i) => i.jobKind))).toEqual(new Set(pipelinesUnderTest.map((p) => p.def.kind)));
    for (const p of pipelinesUnderTest) {
      const job = due[p.def.kind];
      if (!job) throw new Error(`no ${p.def.kind} job`);
      expect(dueItems.find((i) => i.jobId === job.id)).toEqual({
        type: 'due',
        jobKind: p.def.kind,
        jobId: job.id,
        reference: job.reference,
        title: job.title,
        date: '2026-12-01',
        stage: p.def.initial,
        stageLabel: p.def.labels[p.def.initial],
        overdue: true,
      });
    }
    for (const i of dueItems) {
      expect([typeof i.jobKind, typeof i.jobId, typeof i.reference, typeof i.title, typeof i.stage]).toEqual([
        'string',
        'string',
        'string',
        'string',
        'string',
      ]);
      expect(i.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }

    expect(appointmentItems).toEqual([
      {
        type: 'appointment',
        id: walkIn.id,
        kind: 'valuation',
        title: 'Valuation: Imogen Achterberg',
        start: '2026-12-10T09:00:00.000Z',
        end: '2026-12-10T09:30:00.000Z',
        customerId,
      },
      {
        type: 'appointment',
        id: fitting.id,
        kind: 'fitting',
        title: 'Fitting: Imogen Achterberg',
        start: '2026-12-10T10:00:00.000Z',
        end: '2026-12-10T10:45:00.000Z',
        customerId,
        jobId,
        staffId: bench.id,
      },
    ]);
    // An appointment with no job or member of staff leaves those out rather than naming nothing.
    expect(Object.keys(appointmentItems[0] ?? {})).not.toContain('jobId');
    expect(Object.keys(appointmentItems[0] ?? {})).not.toContain('staffId');

    // In order of day: the 1st's due dates, the 10th's appointments by time, the 31st's due date.
    expect(items.map((i) => (i.type === 'due' ? `due ${i.date}` : `appointment ${i.start}`))).toEqual([
      ...pipelinesUnderTest.map(() => 'due 2026-12-01'),
      'appointment 2026-12-10T09:00:00.000Z',
      'appointment 2026-12-10T10:00:00.000Z',
      'due 2026-12-31',
    ]);
    // The same rows as the screen's arrays.
    expect(dueItems.map((i) => i.jobId)).toEqual(cal.jobs.map((j: { id: string }) => j.id));
    expect(appointmentItems.map((i) => i.id)).toEqual(cal.appointments.map((a: { id: string }) => a.id));

    // Only this shop's.
    const ids = items.map((i) => (i.type === 'due' ? i.jobId : i.id));
    expect(ids).not.toContain(theirJob.id);
    expect(ids).not.toContain(theirs.id);
    const theirItems: Item[] = ok(await other.client.get('/api/v1/calendar?from=2026-11-30&to=2026-12-31')).items;
    expect(theirItems.map((i) => (i.type === 'due' ? i.jobId : i.id))).toEqual([theirJob.id, theirs.id]);

    // A narrower range: only what falls in it.
    const ninth: Item[] = ok(await c.get('/api/v1/calendar?from=2026-12-02&to=2026-12-09')).items;
    expect(ninth).toEqual([]);
    const tenth: Item[] = ok(await c.get('/api/v1/calendar?from=2026-12-10&to=2026-12-10')).items;
    expect(tenth.map((i) => i.id)).toEqual([walkIn.id, fitting.id]);
  });

  it("reads an appointment's day as the shop's: in Sydney, 23:30 UTC on the 9th is on the 10th, after that day's due date", async () => {
    const shop = await t.newShop();
    const c = shop.client;
    ok(await c.patch('/api/v1/shop', { timeZone: 'Australia/Sydney' }));
    const customerId = await customer(c, 'Zoë Ōtsuka');
    const first = pipelinesUnderTest[0];
    if (!first) throw new Error('no pipelines');
    const job = ok(await c.post(first.path, { ...first.newJob(customerId), dueDate: '2026-12-10' }), 201);
    const early = ok(await c.post('/api/v1/appointments', { kind: 'fitting', customerId, startsAt: '2026-12-09T23:30:00Z', durationMinutes: 30 }), 201);
    const items: Item[] = ok(await c.get('/api/v1/calendar?from=2026-12-10&to=2026-12-10')).items;
    expect(items.map((i) => (i.type === 'due' ? i.jobId : i.id))).toEqual([job.id, early.id]);
    expect(ok(await c.get('/api/v1/calendar?from=2026-12-09&to=2026-12-09')).items).toEqual([]);
  });
});

describe('POST /api/v1/calendar/feeds and DELETE /api/v1/calendar/feeds/:id', () => {
  it('makes a feed with an id and an absolute address that answers text/calendar; revoking it by id 404s the address', async () => {
    t.clock.set(new Date('2026-12-03T10:00:00Z'));
    const shop = await t.newShop('Feeds Jewellers');
    const c = shop.client;

    const made = ok(await c.post('/api/v1/calendar/feeds'), 201);
    expect(made.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(made.url).toMatch(new RegExp(`^${ORIGIN}/cal/[A-Za-z0-9_-]{22}\\.ics$`));
    const path = new URL(made.url).pathname;
    const feed = await t.anonymous.get(path);
    expect(feed.statusCode, feed.body).toBe(200);
    expect(feed.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(feed.body).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(ok(await c.get('/api/v1/calendar/feed'))).toMatchObject({ active: true, includeJobs: true, includeAppointments: true, onlyMine: false });

    // One feed per member: asking again gives a new address, and the old one stops working.
    const again = ok(await c.post('/api/v1/calendar/feeds', { includeJobs: false }), 201);
    expect(again.id).not.toBe(made.id);
    expect(again.url).not.toBe(made.url);
    expect((await t.anonymous.get(path)).statusCode).toBe(404);
    expect(ok(await c.get('/api/v1/calendar/feed'))).toMatchObject({ active: true, includeJobs: false });
    expect((await c.delete(`/api/v1/calendar/feeds/${made.id}`)).statusCode).toBe(404);

    ok(await c.delete(`/api/v1/calendar/feeds/${again.id}`), 204);
    const gone = await t.anonymous.get(new URL(again.url).pathname);
    expect(gone.statusCode).toBe(404);
    expect(gone.headers['content-type']).toContain('application/problem+json');
    expect(ok(await c.get('/api/v1/calendar/feed')).active).toBe(false);
    expect((await c.delete(`/api/v1/calendar/feeds/${again.id}`)).statusCode).toBe(404);
    expect((await c.delete('/api/v1/calendar/feeds/not-an-id')).statusCode).toBe(404);
    expect((await c.post('/api/v1/calendar/feeds', { onlyMine: 'yes' })).statusCode).toBe(422);
  });

  it("answers 404 for another shop's feed id, and for another member's, and leaves their feed working", async () => {
    const mine = await t.newShop('Mine Jewellers');
    const theirs = await t.newShop('Theirs Jewellers');
    const colleague = await signedInStaff(mine.client, 'Jo Bench');
    const theirFeed = ok(await theirs.client.post('/api/v1/calendar/feeds'), 201);
    const colleagueFeed = ok(await colleague.client.post('/api/v1/calendar/feeds', {}), 201);

    for (const feed of [theirFeed, colleagueFeed]) {
      const res = await mine.client.delete(`/api/v1/calendar/feeds/${feed.id}`);
      expect(res.statusCode, res.body).toBe(404);
      expect(res.json()).toMatchObject({ code: 'not_found' });
      expect((await t.anonymous.get(new URL(feed.url).pathname)).statusCode).toBe(200);
    }
    expect(ok(await theirs.client.get('/api/v1/calendar/feed')).active).toBe(true);
    expect(ok(await colleague.client.get('/api/v1/calendar/feed')).active).toBe(true);
  });
});
