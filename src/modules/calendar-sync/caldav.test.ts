import { sql } from 'drizzle-orm';
import ical from 'node-ical';
import { fetchCalendarObjects, getBasicAuthHeaders, makeCalendar } from 'tsdav';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboundGuard } from '../../net/outbound-guard.js';
import { bespokeUnderTest } from '../../testing/pipelines.js';
import { Radicale } from '../../testing/radicale.js';
import { rowsOf } from '../../testing/sql.js';
import { ORIGIN, type TestApp, testApp } from '../../testing/test-app.js';
import { CalendarSyncSender, type SyncSenderOptions } from './sender.js';
import { unconfiguredGoogle } from './service.js';

const radicale = new Radicale();
let t: TestApp;
let guard: OutboundGuard;
let calendarUrl: string;
const auth = getBasicAuthHeaders({ username: 'alice', password: 'app-password-1' });

const ok = (res: { statusCode: number; body: string; json(): unknown }, status = 200) => {
  expect(res.statusCode, res.body).toBe(status);
  if (status === 204) return undefined;
  // biome-ignore lint/suspicious/noExplicitAny: answers are checked against the OpenAPI document by the test app
  return res.json() as any;
};

beforeAll(async () => {
  const base = await radicale.start();
  calendarUrl = `${base}/alice/workshop/`;
  const made = await makeCalendar({ url: calendarUrl, props: { displayname: 'Workshop' }, headers: auth });
  expect(made[0]?.ok ?? true).toBe(true);
  t = await testApp();
  // Radicale listens on loopback: the operator allows it, as LOUPE_OUTBOUND_ALLOW does.
  guard = new OutboundGuard({ allow: [{ host: '127.0.0.1', port: radicale.port }] });
  t.deps.calendarSync = { guard, google: unconfiguredGoogle };
});

afterAll(async () => {
  await t?.close();
  await radicale.stop();
});

const sender = (options: SyncSenderOptions = {}) =>
  new CalendarSyncSender({ db: t.db, box: t.deps.box, guard, google: unconfiguredGoogle, publicUrl: ORIGIN }, { backoffBaseMs: 1, ...options });

/** What Radicale holds, read back over CalDAV: each Loupe event's UID and its start (a day, or an instant). */
async function onRadicale() {
  const objects = await fetchCalendarObjects({ calendar: { url: calendarUrl }, headers: auth });
  return objects
    .flatMap((o) => Object.values(ical.sync.parseICS(String(o.data))))
    .flatMap((c) =>
      c.type === 'VEVENT' ? [{ uid: c.uid, summary: String(c.summary), start: c.datetype === 'date' ? ymd(c.start) : c.start.toISOString() }] : [],
    )
    .sort((a, b) => a.uid.localeCompare(b.uid));
}
const ymd = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
const uidOf = (kind: 'job' | 'appt', id: string) => `loupe${kind}${id.replace(/-/g, '')}@loupe`;

describe('push sync to a CalDAV calendar (a real Radicale)', () => {
  it('tests the connection, refuses a folder that is not a calendar, and never returns the password', async () => {
    const shop = await t.newShop('Test Connection Jewellers');
    const c = shop.client;
    expect(ok(await c.post('/api/v1/settings/calendar-sync/caldav/test', { url: calendarUrl, username: 'alice', password: 'x' }))).toEqual({
      ok: true,
      message: expect.stringContaining('reached the calendar'),
    });
    const folder = ok(await c.post('/api/v1/settings/calendar-sync/caldav/test', { url: `${radicale.base}/alice/`, username: 'alice', password: 'x' }));
    expect(folder.ok).toBe(false);
    expect(folder.message).toMatch(/not a calendar/);
    // Without a stored password, one must be given.
    expect((await c.post('/api/v1/settings/calendar-sync/caldav/test', { url: calendarUrl, username: 'alice' })).statusCode).toBe(422);
    // A private address the operator has not allowed is refused by the guard, in words that do not say why.
    const inside = ok(
      await c.post('/api/v1/settings/calendar-sync/caldav/test', { url: 'http://10.0.0.1:5232/alice/workshop/', username: 'a', password: 'x' }),
    );
    expect(inside).toEqual({ ok: false, message: 'Loupe could not reach the calendar server' });
    const saved = ok(
      await c.request('PUT', '/api/v1/settings/calendar-sync/caldav', { body: { url: calendarUrl, username: 'alice', password: 'secret-app-pw' } }),
    );
    expect(saved.caldav).toMatchObject({ url: calendarUrl, username: 'alice', passwordSet: true, state: 'active' });
    expect(JSON.stringify(saved)).not.toContain('secret-app-pw');
    const [row] = await rowsOf<{ secret_sealed: string }>(t.db, sql`select secret_sealed from calendar_connections where shop_id = ${shop.shop.id}`);
    expect(row?.secret_sealed).toMatch(/^v1:/);
    expect(row?.secret_sealed).not.toContain('secret-app-pw');
    ok(await c.delete('/api/v1/settings/calendar-sync/caldav'), 204);
    expect(ok(await c.get('/api/v1/settings/calendar-sync')).caldav).toBeNull();
  });

  it('due date set, moved, cleared, the job collected, appointments made, moved and cancelled: Radicale holds exactly the right events', async () => {
    const shop = await t.newShop('Radicale Jewellers');
    const c = shop.client;
    const customerId = ok(await c.post('/api/v1/customers', { name: 'Imogen Achterberg', email: 'imogen@example.test' }), 201).id as string;
    ok(await c.request('PUT', '/api/v1/settings/calendar-sync/caldav', { body: { url: calendarUrl, username: 'alice', password: 'app-password-1' } }));
    const s = sender();

    const a = ok(await c.post(bespokeUnderTest.path, bespokeUnderTest.newJob(customerId)), 201).id as string;
    // No due date: nothing queued, nothing pushed.
    expect(await s.drain()).toBe(0);
    expect(await onRadicale()).toEqual([]);

    ok(await c.patch(`/api/v1/calendar/jobs/${a}/due-date`, { dueDate: '2026-12-10' }));
    expect(await s.drain()).toBe(1);
    expect(await onRadicale()).toEqual([{ uid: uidOf('job', a), summary: 'Due: B-0001 Oval sapphire halo', start: '2026-12-10' }]);

    ok(await c.patch(`/api/v1/calendar/jobs/${a}/due-date`, { dueDate: '2026-12-12' }));
    await s.drain();
    expect((await onRadicale()).map((e) => [e.uid, e.start])).toEqual([[uidOf('job', a), '2026-12-12']]);

    // A job made with a due date, and one whose date is edited on the job itself.
    const b = ok(await c.post(bespokeUnderTest.path, { ...bespokeUnderTest.newJob(customerId), dueDate: '2026-12-20' }), 201).id as string;
    await s.drain();
    expect((await onRadicale()).map((e) => e.start).sort()).toEqual(['2026-12-12', '2026-12-20']);
    ok(await c.patch(`${bespokeUnderTest.path}/${b}`, { dueDate: '2026-12-21' }));
    await s.drain();
    expect((await onRadicale()).find((e) => e.uid === uidOf('job', b))?.start).toBe('2026-12-21');

    ok(await c.patch(`/api/v1/calendar/jobs/${a}/due-date`, { dueDate: null }));
    await s.drain();
    expect((await onRadicale()).map((e) => [e.uid, e.start])).toEqual([[uidOf('job', b), '2026-12-21']]);

    // Collected: work done with leaves the calendar.
    ok(await c.post(`${bespokeUnderTest.path}/${b}/stage`, { to: bespokeUnderTest.def.ready }));
    await s.drain();
    expect(await onRadicale()).toHaveLength(1);
    ok(await c.post(`${bespokeUnderTest.path}/${b}/stage`, { to: 'collected' }));
    await s.drain();
    expect(await onRadicale()).toEqual([]);

    // Appointments: made, moved, cancelled.
    const appt = ok(await c.post('/api/v1/appointments', { kind: 'fitting', customerId, startsAt: '2026-12-15T10:30:00Z', durationMinutes: 45 }), 201)
      .id as string;
    await s.drain();
    expect(await onRadicale()).toEqual([{ uid: uidOf('appt', appt), summary: 'Fitting: Imogen Achterberg', start: '2026-12-15T10:30:00.000Z' }]);
    ok(await c.patch(`/api/v1/appointments/${appt}`, { startsAt: '2026-12-16T14:00:00Z' }));
    await s.drain();
    expect((await onRadicale()).map((e) => e.start)).toEqual(['2026-12-16T14:00:00.000Z']);
    ok(await c.delete(`/api/v1/appointments/${appt}`), 204);
    await s.drain();
    expect(await onRadicale()).toEqual([]);

    const view = ok(await c.get('/api/v1/settings/calendar-sync'));
    expect(view.caldav.lastSyncedAt).not.toBeNull();
    expect(view.caldav.lastError).toBeNull();
    expect(view.queue).toMatchObject({ pending: 0, failed: 0 });
  });

  it('a customer renamed, or merged into another record: their appointments’ events say the name they now have', async () => {
    const shop = await t.newShop('Rename Jewellers');
    const c = shop.client;
    ok(await c.request('PUT', '/api/v1/settings/calendar-sync/caldav', { body: { url: calendarUrl, username: 'alice', password: 'pw' } }));
    const s = sender();
    const customerId = ok(await c.post('/api/v1/customers', { name: 'Philippa Oldfield', email: 'philippa@example.test' }), 201).id as string;
    const job = ok(await c.post(bespokeUnderTest.path, { ...bespokeUnderTest.newJob(customerId), dueDate: '2027-03-02' }), 201).id as string;
    const appt = ok(await c.post('/api/v1/appointments', { kind: 'fitting', customerId, startsAt: '2027-03-01T10:00:00Z', durationMinutes: 30 }), 201)
      .id as string;
    await s.drain();
    const mine = async () => (await onRadicale()).filter((e) => [uidOf('job', job), uidOf('appt', appt)].includes(e.uid)).map((e) => e.summary);
    expect(await mine()).toEqual(expect.arrayContaining(['Fitting: Philippa Oldfield', expect.stringMatching(/^Due: B-\d+ /)]));

    // A new e-mail address says nothing a calendar shows: nothing to push.
    ok(await c.patch(`/api/v1/customers/${customerId}`, { email: 'philippa.o@example.test' }));
    expect(await s.drain()).toBe(0);
    // A new name: the appointment is pushed again (the due date names no customer, so it is not).
    ok(await c.patch(`/api/v1/customers/${customerId}`, { name: 'Philippa Newbold' }));
    expect(await s.drain()).toBe(1);
    expect(await mine()).toContain('Fitting: Philippa Newbold');

    // A duplicate record with its own appointment, merged into her: the appointment moves over (it is not
    // deleted with the duplicate, leaving its event behind) and its event takes her name.
    const duplicate = ok(await c.post('/api/v1/customers', { name: 'P. Newbold', phone: '+447400417417' }), 201).id as string;
    const other = ok(
      await c.post('/api/v1/appointments', { kind: 'collection', customerId: duplicate, startsAt: '2027-03-05T16:00:00Z', durationMinutes: 15 }),
      201,
    ).id as string;
    await s.drain();
    expect((await onRadicale()).find((e) => e.uid === uidOf('appt', other))?.summary).toBe('Collection: P. Newbold');
    ok(await c.post(`/api/v1/customers/${duplicate}/merge`, { intoId: customerId }));
    expect(await s.drain()).toBe(1);
    expect((await onRadicale()).find((e) => e.uid === uidOf('appt', other))?.summary).toBe('Collection: Philippa Newbold');
    expect(ok(await c.get(`/api/v1/appointments/${other}`)).customer).toEqual({ id: customerId, name: 'Philippa Newbold' });
  });

  it('a sender killed between the calendar’s answer and the record: after a restart there is still one event', async () => {
    const shop = await t.newShop('Crash Jewellers');
    const c = shop.client;
    const customerId = ok(await c.post('/api/v1/customers', { name: 'Ottilie Crash' }), 201).id as string;
    ok(await c.request('PUT', '/api/v1/settings/calendar-sync/caldav', { body: { url: calendarUrl, username: 'alice', password: 'pw' } }));
    const before = (await onRadicale()).length;
    const job = ok(await c.post(bespokeUnderTest.path, { ...bespokeUnderTest.newJob(customerId), dueDate: '2027-01-05' }), 201).id as string;

    let pushes = 0;
    const doomed = sender({
      workerId: 'doomed',
      afterPush: ({ action }) => {
        pushes += 1;
        expect(action).toBe('put');
        throw new Error('killed');
      },
    });
    await expect(doomed.drain()).rejects.toThrow('killed');
    expect(pushes).toBe(1);
    // The PUT landed; the record did not: the row is still claimed by the dead sender.
    expect((await onRadicale()).filter((e) => e.uid === uidOf('job', job))).toHaveLength(1);
    const [claimed] = await rowsOf<{ status: string; claimed_by: string }>(
      t.db,
      sql`select status, claimed_by from calendar_sync_queue where subject_id = ${job}`,
    );
    expect(claimed).toEqual({ status: 'sending', claimed_by: 'doomed' });

    // The restarted sender takes the row over once the dead one's lease has run out (time passing, stood in for here).
    expect(await sender({ workerId: 'restarted' }).drain()).toBe(0);
    await t.db.raw.execute(sql`update calendar_sync_queue set lease_until = now() - interval '1 second' where subject_id = ${job}`);
    expect(await sender({ workerId: 'restarted' }).drain()).toBe(1);

    const mine = (await onRadicale()).filter((e) => e.uid === uidOf('job', job));
    expect(mine).toEqual([{ uid: uidOf('job', job), summary: expect.any(String), start: '2027-01-05' }]);
    expect(await onRadicale()).toHaveLength(before + 1);
    const [done] = await rowsOf<{ status: string; attempts: number }>(t.db, sql`select status, attempts from calendar_sync_queue where subject_id = ${job}`);
    expect(done).toEqual({ status: 'done', attempts: 2 });
  });

  it('a change while a push is under way sends the record round again, so the calendar ends with the newest date', async () => {
    const shop = await t.newShop('Race Jewellers');
    const c = shop.client;
    const customerId = ok(await c.post('/api/v1/customers', { name: 'Rae Race' }), 201).id as string;
    ok(await c.request('PUT', '/api/v1/settings/calendar-sync/caldav', { body: { url: calendarUrl, username: 'alice', password: 'pw' } }));
    const job = ok(await c.post(bespokeUnderTest.path, { ...bespokeUnderTest.newJob(customerId), dueDate: '2027-02-01' }), 201).id as string;
    let pushes = 0;
    const s = sender({
      // The date moves after the first push reached the calendar and before it is recorded.
      afterPush: async () => {
        pushes += 1;
        if (pushes === 1) ok(await c.patch(`/api/v1/calendar/jobs/${job}/due-date`, { dueDate: '2027-02-03' }));
      },
    });
    expect(await s.drain()).toBe(2);
    expect(pushes).toBe(2);
    expect((await onRadicale()).filter((e) => e.uid === uidOf('job', job)).map((e) => e.start)).toEqual(['2027-02-03']);
  });
});
