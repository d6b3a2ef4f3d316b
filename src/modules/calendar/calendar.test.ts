import ical from 'node-ical';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelinesUnderTest } from '../../testing/pipelines.js';
import type { Client, TestApp } from '../../testing/test-app.js';
import { testApp } from '../../testing/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

type Shop = Awaited<ReturnType<TestApp['newShop']>>;

const ok = (res: { statusCode: number; body: string; json(): unknown }, status = 200) => {
  expect(res.statusCode, res.body).toBe(status);
  // biome-ignore lint/suspicious/noExplicitAny: answers are checked against the OpenAPI document by the test app
  return res.json() as any;
};

async function customer(c: Client, name = 'Imogen Achterberg') {
  return ok(await c.post('/api/v1/customers', { name, email: 'imogen@example.test', phone: '+447400417417' }), 201).id as string;
}

async function addStaff(shop: Shop, name: string) {
  return ok(
    await shop.client.post('/api/v1/staff', {
      name,
      email: `${name.split(' ')[0]?.toLowerCase()}-${Date.now()}@example.test`,
      role: 'staff',
      password: 'correct horse battery staple',
    }),
    201,
  ).id as string;
}

describe('the calendar: every pipeline’s due dates and appointments', () => {
  it('shows due jobs of every pipeline in the range, marks what is late, and filters by pipeline and stage', async () => {
    const shop = await t.newShop('Calendar Jewellers');
    const c = shop.client;
    const customerId = await customer(c);
    t.clock.set(new Date('2026-12-03T10:00:00Z'));
    const made: Record<string, { id: string }> = {};
    for (const p of pipelinesUnderTest) {
      made[p.def.kind] = ok(await c.post(p.path, { ...p.newJob(customerId), dueDate: '2026-12-01' }), 201);
      // Outside the range asked for: not shown.
      ok(await c.post(p.path, { ...p.newJob(customerId), dueDate: '2027-03-01' }), 201);
    }
    // Ready and waiting for collection is not late, whatever the date.
    const first = pipelinesUnderTest[0];
    if (!first) throw new Error('no pipelines');
    const ready = ok(await c.post(first.path, { ...first.newJob(customerId), dueDate: '2026-12-02' }), 201);
    ok(await c.post(`${first.path}/${ready.id}/stage`, { to: first.def.ready }));

    const cal = ok(await c.get('/api/v1/calendar?from=2026-11-30&to=2027-01-10'));
    expect(cal.timeZone).toBe('Europe/London');
    expect(cal.today).toBe('2026-12-03');
    expect(cal.jobs.map((j: { kind: string }) => j.kind).sort()).toEqual([...pipelinesUnderTest.map((p) => p.def.kind), first.def.kind].sort());
    for (const p of pipelinesUnderTest) {
      const shown = cal.jobs.find((j: { id: string }) => j.id === made[p.def.kind]?.id);
      expect(shown).toMatchObject({ kind: p.def.kind, dueDate: '2026-12-01', overdue: true, stage: p.def.initial, customer: { id: customerId } });
      expect(shown.path).toMatch(new RegExp(`/${made[p.def.kind]?.id}$`));
    }
    expect(cal.jobs.find((j: { id: string }) => j.id === ready.id)).toMatchObject({ overdue: false, stage: first.def.ready });

    const kinds = pipelinesUnderTest.slice(1).map((p) => p.def.kind);
    const filtered = ok(await c.get(`/api/v1/calendar?from=2026-11-30&to=2027-01-10&pipelines=${kinds.join(',')}`));
    expect(new Set(filtered.jobs.map((j: { kind: string }) => j.kind))).toEqual(new Set(kinds));
    const byStage = ok(await c.get(`/api/v1/calendar?from=2026-11-30&to=2027-01-10&pipelines=${first.def.kind}&stage=${first.def.ready}`));
    expect(byStage.jobs.map((j: { id: string }) => j.id)).toEqual([ready.id]);

    expect((await c.get('/api/v1/calendar?from=2026-12-10&to=2026-12-01')).statusCode).toBe(422);
    expect((await c.get('/api/v1/calendar?from=2026-01-01&to=2026-12-31')).statusCode).toBe(422);
    expect((await c.get('/api/v1/calendar?from=2026-12-01&to=2026-12-31&pipelines=cakes')).statusCode).toBe(422);
    expect((await c.get('/api/v1/calendar?from=2026-12-01&to=2026-12-31&stage=nonsense')).statusCode).toBe(422);
    expect((await c.get('/api/v1/calendar?from=2026-02-30&to=2026-03-31')).statusCode).toBe(422);
  });

  it.each(pipelinesUnderTest.map((p) => [p.def.kind, p] as const))(
    "moves a %s job's due date and records who moved it, and when, in the job's activity",
    async (_kind, p) => {
      const shop = await t.newShop();
      const c = shop.client;
      const customerId = await customer(c);
      const job = ok(await c.post(p.path, { ...p.newJob(customerId), dueDate: '2026-12-10' }), 201);
      t.clock.set(new Date('2026-12-04T15:45:00Z'));

      const moved = ok(await c.patch(`/api/v1/calendar/jobs/${job.id}/due-date`, { dueDate: '2026-12-12' }));
      expect(moved).toMatchObject({ moved: true, job: { id: job.id, kind: p.def.kind, dueDate: '2026-12-12', overdue: false } });
      const again = ok(await c.patch(`/api/v1/calendar/jobs/${job.id}/due-date`, { dueDate: '2026-12-12' }));
      expect(again.moved).toBe(false);
      ok(await c.patch(`/api/v1/calendar/jobs/${job.id}/due-date`, { dueDate: null }));
      ok(await c.patch(`/api/v1/calendar/jobs/${job.id}/due-date`, { dueDate: '2026-12-01' }));

      const detail = ok(await c.get(`${p.path}/${job.id}`));
      expect(detail.dueDate).toBe('2026-12-01');
      expect(detail.comments.map((m: { body: string; author: { name: string } | null; createdAt: string }) => [m.body, m.author?.name, m.createdAt])).toEqual([
        ['Due date moved from 10 Dec 2026 to 12 Dec 2026', shop.user.name, '2026-12-04T15:45:00.000Z'],
        ['Due date cleared (was 12 Dec 2026)', shop.user.name, '2026-12-04T15:45:00.000Z'],
        ['Due date set to 1 Dec 2026', shop.user.name, '2026-12-04T15:45:00.000Z'],
      ]);
      const cal = ok(await c.get('/api/v1/calendar?from=2026-11-30&to=2026-12-31'));
      expect(cal.jobs.map((j: { id: string; dueDate: string; overdue: boolean }) => [j.id, j.dueDate, j.overdue])).toEqual([[job.id, '2026-12-01', true]]);

      expect((await c.patch(`/api/v1/calendar/jobs/${job.id}/due-date`, { dueDate: '2026-13-01' })).statusCode).toBe(422);
      expect((await c.patch('/api/v1/calendar/jobs/00000000-0000-4000-8000-000000000000/due-date', { dueDate: '2026-12-01' })).statusCode).toBe(404);
    },
  );
});

describe('appointments', () => {
  it('are made (once per Idempotency-Key), listed by day in the shop’s time zone, changed and cancelled; overlaps for one member of staff are flagged', async () => {
    const shop = await t.newShop('Appointments & Co');
    const c = shop.client;
    const customerId = await customer(c, 'Bartholomew Quist');
    const p = pipelinesUnderTest[0];
    if (!p) throw new Error('no pipelines');
    const job = ok(await c.post(p.path, p.newJob(customerId)), 201);
    const bench = await addStaff(shop, 'Rosalind Pike');

    const body = { kind: 'fitting', customerId, jobId: job.id, staffId: bench, startsAt: '2026-12-10T10:00:00Z', durationMinutes: 45, note: 'Bring the shank' };
    const first = await c.post('/api/v1/appointments', body, { headers: { 'idempotency-key': 'fit-1' } });
    const made = ok(first, 201);
    const replay = await c.post('/api/v1/appointments', body, { headers: { 'idempotency-key': 'fit-1' } });
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json().id).toBe(made.id);
    expect(made).toMatchObject({
      kind: 'fitting',
      customer: { id: customerId, name: 'Bartholomew Quist' },
      job: { id: job.id, kind: p.def.kind, reference: job.reference },
      staff: { id: bench, name: 'Rosalind Pike' },
      startsAt: '2026-12-10T10:00:00.000Z',
      endsAt: '2026-12-10T10:45:00.000Z',
      durationMinutes: 45,
      note: 'Bring the shank',
      overlaps: [],
    });

    // The same member at 10:30: both are flagged. Another member at the same time, or back to back, is not.
    const clash = ok(
      await c.post('/api/v1/appointments', { kind: 'consultation', customerId, staffId: bench, startsAt: '2026-12-10T10:30:00Z', durationMinutes: 30 }),
      201,
    );
    expect(clash.overlaps).toEqual([made.id]);
    const after = ok(
      await c.post('/api/v1/appointments', { kind: 'collection', customerId, staffId: bench, startsAt: '2026-12-10T11:00:00Z', durationMinutes: 15 }),
      201,
    );
    expect(after.overlaps).toEqual([]);
    const other = ok(
      await c.post('/api/v1/appointments', { kind: 'valuation', customerId, staffId: shop.user.id, startsAt: '2026-12-10T10:00:00Z', durationMinutes: 60 }),
      201,
    );
    expect(other.overlaps).toEqual([]);
    const nobody = ok(await c.post('/api/v1/appointments', { kind: 'valuation', customerId, startsAt: '2026-12-10T10:00:00Z', durationMinutes: 60 }), 201);
    expect(nobody).toMatchObject({ staff: null, job: null, overlaps: [] });
    expect(ok(await c.get(`/api/v1/appointments/${made.id}`)).overlaps).toEqual([clash.id]);

    const day = ok(await c.get('/api/v1/appointments?from=2026-12-10&to=2026-12-10'));
    const starts = day.items.map((a: { startsAt: string }) => a.startsAt);
    expect(starts).toEqual([...starts].sort());
    expect(new Set(day.items.map((a: { id: string }) => a.id))).toEqual(new Set([made.id, other.id, nobody.id, clash.id, after.id]));
    expect(ok(await c.get(`/api/v1/appointments?from=2026-12-10&to=2026-12-10&staffId=${bench}`)).items).toHaveLength(3);
    expect(ok(await c.get('/api/v1/appointments?from=2026-12-11&to=2026-12-11')).items).toEqual([]);

    // Moving the clash away clears both flags.
    const moved = ok(await c.patch(`/api/v1/appointments/${clash.id}`, { startsAt: '2026-12-10T14:00:00Z', durationMinutes: 60 }));
    expect(moved).toMatchObject({ startsAt: '2026-12-10T14:00:00.000Z', endsAt: '2026-12-10T15:00:00.000Z', overlaps: [] });
    expect(ok(await c.get(`/api/v1/appointments/${made.id}`)).overlaps).toEqual([]);
    expect(ok(await c.patch(`/api/v1/appointments/${made.id}`, { staffId: null, note: null }))).toMatchObject({ staff: null, note: null });

    // The calendar carries them beside the due dates.
    const cal = ok(await c.get('/api/v1/calendar?from=2026-12-01&to=2026-12-31'));
    expect(cal.appointments).toHaveLength(5);
    expect(
      ok(await c.get(`/api/v1/calendar?from=2026-12-01&to=2026-12-31&staffId=${bench}`))
        .appointments.map((a: { id: string }) => a.id)
        .sort(),
    ).toEqual([clash.id, after.id].sort());

    expect((await c.delete(`/api/v1/appointments/${after.id}`)).statusCode).toBe(204);
    expect((await c.get(`/api/v1/appointments/${after.id}`)).statusCode).toBe(404);
    expect((await c.delete(`/api/v1/appointments/${after.id}`)).statusCode).toBe(404);
  });

  it('refuses what does not fit: unknown kind, a job of another customer, a member of another shop, bad times', async () => {
    const shop = await t.newShop();
    const c = shop.client;
    const customerId = await customer(c);
    const someoneElse = await customer(c, 'Someone Else');
    const p = pipelinesUnderTest[0];
    if (!p) throw new Error('no pipelines');
    const theirs = ok(await c.post(p.path, p.newJob(someoneElse)), 201);
    const elsewhere = await t.newShop('Elsewhere');
    const base = { kind: 'fitting', customerId, startsAt: '2026-12-10T10:00:00Z', durationMinutes: 30 };
    const field = async (body: unknown) => {
      const res = await c.post('/api/v1/appointments', body);
      expect(res.statusCode, res.body).toBe(422);
      return res.json().errors.map((e: { path: string }) => e.path);
    };
    expect(await field({ ...base, kind: 'haircut' })).toEqual(['kind']);
    expect(await field({ ...base, jobId: theirs.id })).toEqual(['jobId']);
    expect(await field({ ...base, staffId: elsewhere.user.id })).toEqual(['staffId']);
    expect(await field({ ...base, customerId: '00000000-0000-4000-8000-000000000000' })).toEqual(['customerId']);
    expect(await field({ ...base, startsAt: '10 December' })).toEqual(['startsAt']);
    expect(await field({ ...base, durationMinutes: 0 })).toEqual(['durationMinutes']);
    expect(await field({ ...base, durationMinutes: 12.5 })).toEqual(['durationMinutes']);
  });

  it('reads a day as the shop’s day: in Sydney, 23:30 UTC on the 9th is the morning of the 10th', async () => {
    const shop = await t.newShop();
    const c = shop.client;
    ok(await c.patch('/api/v1/shop', { timeZone: 'Australia/Sydney' }));
    const customerId = await customer(c);
    const a = ok(await c.post('/api/v1/appointments', { kind: 'fitting', customerId, startsAt: '2026-12-09T23:30:00Z', durationMinutes: 30 }), 201);
    expect(ok(await c.get('/api/v1/appointments?from=2026-12-10&to=2026-12-10')).items.map((x: { id: string }) => x.id)).toEqual([a.id]);
    expect(ok(await c.get('/api/v1/appointments?from=2026-12-09&to=2026-12-09')).items).toEqual([]);
  });
});

describe('the ICS feed', () => {
  it('is a secret per-member address, valid iCalendar with stable UIDs, the shop’s time zone, all-day due dates and no contact details; revoking it 404s', async () => {
    const shop = await t.newShop('Feed & Daughters');
    const c = shop.client;
    t.clock.set(new Date('2026-12-03T10:00:00Z'));
    const customerId = await customer(c, 'Philippa Greenhalgh');
    const jobs: { id: string; kind: string }[] = [];
    for (const p of pipelinesUnderTest) jobs.push({ ...ok(await c.post(p.path, { ...p.newJob(customerId), dueDate: '2026-12-20' }), 201), kind: p.def.kind });
    const appt = ok(
      await c.post('/api/v1/appointments', { kind: 'consultation', customerId, staffId: shop.user.id, startsAt: '2026-07-10T13:30:00Z', durationMinutes: 30 }),
      201,
    );
    const later = ok(await c.post('/api/v1/appointments', { kind: 'fitting', customerId, startsAt: '2026-12-18T15:00:00Z', durationMinutes: 45 }), 201);

    expect(ok(await c.get('/api/v1/calendar/feed'))).toMatchObject({ active: false });
    const feed = ok(await c.post('/api/v1/calendar/feed', {}), 201);
    expect(feed).toMatchObject({ active: true, includeJobs: true, includeAppointments: true, onlyMine: false });
    const url = new URL(feed.url);
    expect(url.pathname).toMatch(/^\/cal\/[A-Za-z0-9_-]{22}\.ics$/);
    expect(Buffer.from(url.pathname.slice(5, -4), 'base64url')).toHaveLength(16);

    const res = await t.anonymous.get(url.pathname);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.headers['cache-control']).toBe('private, no-store');
    const text = res.body;
    expect(text).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(text).toContain('BEGIN:VTIMEZONE\r\nTZID:Europe/London');
    expect(text).not.toMatch(/imogen|example\.test|\+44|417417/i);
    expect(text).toMatch(/^DTSTAMP:\d{8}T\d{6}Z\r$/m);

    const parsed = ical.sync.parseICS(text);
    const events = Object.values(parsed).filter((e) => e.type === 'VEVENT') as ical.VEvent[];
    // The July appointment is more than 60 days back: left out.
    expect(events.map((e) => e.uid).sort()).toEqual([...jobs.map((j) => `job-${j.id}@loupe`), `appointment-${later.id}@loupe`].sort());
    for (const j of jobs) {
      const e = events.find((x) => x.uid === `job-${j.id}@loupe`);
      expect(e?.datetype).toBe('date');
      expect(e?.start.getFullYear()).toBe(2026);
      expect([e?.start.getMonth(), e?.start.getDate()]).toEqual([11, 20]);
    }
    const fitting = events.find((x) => x.uid === `appointment-${later.id}@loupe`);
    expect(fitting?.start.toISOString()).toBe('2026-12-18T15:00:00.000Z');
    expect(fitting?.end.toISOString()).toBe('2026-12-18T15:45:00.000Z');
    expect(fitting?.start.tz).toBe('Europe/London');
    expect(fitting?.summary).toBe('Fitting: Philippa Greenhalgh');

    // The same records, the same UIDs: a moved due date changes its event, it does not add one.
    ok(await c.patch(`/api/v1/calendar/jobs/${jobs[0]?.id}/due-date`, { dueDate: '2026-12-22' }));
    const again = Object.values(ical.sync.parseICS((await t.anonymous.get(url.pathname)).body)).filter((e) => e.type === 'VEVENT') as ical.VEvent[];
    expect(again.map((e) => e.uid).sort()).toEqual(events.map((e) => e.uid).sort());
    const movedEvent = again.find((e) => e.uid === `job-${jobs[0]?.id}@loupe`);
    expect(movedEvent?.start.getDate()).toBe(22);
    expect(Number(movedEvent?.sequence)).toBeGreaterThan(Number(events.find((e) => e.uid === movedEvent?.uid)?.sequence));

    // Only appointments, only mine: the settings narrow the feed.
    t.clock.set(new Date('2026-07-01T10:00:00Z'));
    const narrow = ok(await c.post('/api/v1/calendar/feed', { includeJobs: false, onlyMine: true }), 201);
    expect((await t.anonymous.get(url.pathname)).statusCode).toBe(404);
    const narrowEvents = Object.values(ical.sync.parseICS((await t.anonymous.get(new URL(narrow.url).pathname)).body)).filter(
      (e) => e.type === 'VEVENT',
    ) as ical.VEvent[];
    expect(narrowEvents.map((e) => e.uid)).toEqual([`appointment-${appt.id}@loupe`]);
    expect(narrowEvents[0]?.start.toISOString()).toBe('2026-07-10T13:30:00.000Z');
    expect(ok(await c.get('/api/v1/calendar/feed'))).toMatchObject({ active: true, includeJobs: false, onlyMine: true });

    // Another member's feed is their own; revoking mine 404s it, as does anything malformed.
    expect((await c.delete('/api/v1/calendar/feed')).statusCode).toBe(204);
    expect((await t.anonymous.get(new URL(narrow.url).pathname)).statusCode).toBe(404);
    expect(ok(await c.get('/api/v1/calendar/feed')).active).toBe(false);
    for (const bad of ['/cal/nope.ics', `/cal/${'A'.repeat(22)}.ics`, `${url.pathname.slice(0, -4)}.txt`, '/cal/.ics']) {
      const r = await t.anonymous.get(bad);
      expect(r.statusCode, bad).toBe(404);
      expect(r.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('carries any text staff type (accents, CJK, emoji, commas, semicolons, line breaks) intact, in lines of at most 75 octets', async () => {
    t.clock.set(new Date('2026-12-03T10:00:00Z'));
    const shop = await t.newShop('Feed; Sons, & Co');
    const c = shop.client;
    const customerId = await customer(c, 'Zoë Ōtsuka 大塚');
    const first = pipelinesUnderTest[0];
    if (!first) throw new Error('no pipelines');
    const title = 'Bague 💎 pour Zoë — 婚約指輪, platinum; a pavé band with forty-two brilliant-cut diamonds and an engraving';
    const job = ok(await c.post(first.path, { ...first.newJob(customerId), title, dueDate: '2026-12-20' }), 201);
    const note = 'Bring the sapphire, the sketch; and the receipt.\nParking: back door \\ yard';
    const appt = ok(
      await c.post('/api/v1/appointments', { kind: 'fitting', customerId, staffId: shop.user.id, startsAt: '2027-03-28T00:30:00Z', durationMinutes: 90, note }),
      201,
    );
    const feed = ok(await c.post('/api/v1/calendar/feed', {}), 201);
    const text = (await t.anonymous.get(new URL(feed.url).pathname)).body;
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(text).toContain('X-WR-CALNAME:Feed\\; Sons\\, & Co — workshop');
    const events = Object.values(ical.sync.parseICS(text)).filter((e) => e.type === 'VEVENT') as ical.VEvent[];
    expect(events.find((e) => e.uid === `job-${job.id}@loupe`)?.summary).toBe(`Due: ${job.reference} ${title}`);
    const fitting = events.find((e) => e.uid === `appointment-${appt.id}@loupe`);
    expect(fitting?.summary).toBe('Fitting: Zoë Ōtsuka 大塚');
    expect(fitting?.description).toBe(`With ${shop.user.name}\n${note}`);
    // Across the clocks going forward in London (01:00 GMT on 28 March 2027): 00:30 GMT to 03:00 BST, the
    // shop's wall clock. (node-ical reads the whole day of a change at the later offset, so the lines are read here.)
    expect(text).toContain('DTSTART;TZID=Europe/London:20270328T003000\r\nDTEND;TZID=Europe/London:20270328T030000\r\n');
  });
});
