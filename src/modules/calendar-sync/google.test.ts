import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboundGuard } from '../../net/outbound-guard.js';
import { FakeGoogleCalendar } from '../../testing/fake-google-calendar.js';
import { bespokeUnderTest } from '../../testing/pipelines.js';
import { rowsOf } from '../../testing/sql.js';
import { type Client, ORIGIN, type TestApp, testApp } from '../../testing/test-app.js';
import type { GoogleConfig } from './google.js';
import { CalendarSyncSender, type SyncSenderOptions } from './sender.js';
import { unconfiguredGoogle } from './service.js';

const fake = new FakeGoogleCalendar();
let t: TestApp;
let guard: OutboundGuard;
let google: GoogleConfig;

const ok = (res: { statusCode: number; body: string; json(): unknown }, status = 200) => {
  expect(res.statusCode, res.body).toBe(status);
  if (status === 204) return undefined;
  // biome-ignore lint/suspicious/noExplicitAny: answers are checked against the OpenAPI document by the test app
  return res.json() as any;
};

beforeAll(async () => {
  const base = await fake.start();
  t = await testApp();
  guard = new OutboundGuard({ allow: [{ host: '127.0.0.1', port: Number(new URL(base).port) }] });
  google = { clientId: 'loupe-client-id', clientSecret: 'loupe-client-secret', authUrl: `${base}/auth`, tokenUrl: `${base}/token`, apiRoot: `${base}/` };
  t.deps.calendarSync = { guard, google };
});

afterAll(async () => {
  await t?.close();
  await fake.stop();
});

const sender = (options: SyncSenderOptions = {}) =>
  new CalendarSyncSender({ db: t.db, box: t.deps.box, guard, google, publicUrl: ORIGIN }, { backoffBaseMs: 0, ...options });

const eventId = (id: string) => `loupejob${id.replace(/-/g, '')}`;

/** Connects the shop's Google calendar the way a browser does: consent address, Google's code, the way back. */
async function connect(c: Client) {
  const { url } = ok(await c.post('/api/v1/settings/calendar-sync/google/connect'));
  const consent = new URL(url);
  const state = consent.searchParams.get('state') ?? '';
  const back = await c.get(`/api/v1/settings/calendar-sync/google/callback?code=${fake.issueCode()}&state=${encodeURIComponent(state)}`);
  expect(back.statusCode, back.body).toBe(303);
  expect(back.headers.location).toBe('/settings/calendar-sync?connected=google');
  return consent;
}

async function shopWithJob(name: string) {
  const shop = await t.newShop(name);
  const customerId = ok(await shop.client.post('/api/v1/customers', { name: 'Imogen Achterberg' }), 201).id as string;
  const newJob = async (dueDate?: string) =>
    ok(await shop.client.post(bespokeUnderTest.path, { ...bespokeUnderTest.newJob(customerId), ...(dueDate ? { dueDate } : {}) }), 201).id as string;
  return { ...shop, c: shop.client, customerId, newJob };
}

describe('push sync to Google Calendar (a local fake of Calendar v3 and the token endpoint)', () => {
  it('says plainly what is missing when the server has no Google client', async () => {
    const { c } = await shopWithJob('No Google Jewellers');
    t.deps.calendarSync = { guard, google: unconfiguredGoogle };
    try {
      expect(ok(await c.get('/api/v1/settings/calendar-sync')).google).toEqual({ missing: ['GOOGLE_CLIENT_ID', 'GOOGLE_CLIENT_SECRET'], connection: null });
      const refused = await c.post('/api/v1/settings/calendar-sync/google/connect');
      expect(refused.statusCode).toBe(422);
      expect(refused.json().detail).toBe('The server has no Google client: set GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET in its environment');
    } finally {
      t.deps.calendarSync = { guard, google };
    }
  });

  it('connects through OAuth (refresh token sealed), chooses a calendar, and pushes due dates set, moved, cleared and collected', async () => {
    const shop = await shopWithJob('Google Jewellers');
    const { c } = shop;
    const consent = await connect(c);
    expect(consent.origin + consent.pathname).toBe(google.authUrl);
    expect(Object.fromEntries(consent.searchParams)).toMatchObject({
      client_id: 'loupe-client-id',
      access_type: 'offline',
      prompt: 'consent',
      redirect_uri: `${ORIGIN}/api/v1/settings/calendar-sync/google/callback`,
    });
    const [stored] = await rowsOf<{ secret_sealed: string }>(t.db, sql`select secret_sealed from calendar_connections where shop_id = ${shop.shop.id}`);
    expect(stored?.secret_sealed).toMatch(/^v1:/);
    expect(stored?.secret_sealed).not.toContain('refresh-');
    // The way back is good once: the state is spent.
    expect((await c.get(`/api/v1/settings/calendar-sync/google/callback?code=x&state=${consent.searchParams.get('state')}`)).statusCode).toBe(404);

    expect(ok(await c.get('/api/v1/settings/calendar-sync/google/calendars')).items).toEqual([
      { id: 'primary', summary: 'me@example.test', primary: true },
      { id: 'workshop@group.calendar.google.com', summary: 'Workshop', primary: false },
    ]);
    const chosen = ok(await c.request('PUT', '/api/v1/settings/calendar-sync/google', { body: { calendarId: 'workshop@group.calendar.google.com' } }));
    expect(chosen.google.connection).toMatchObject({ state: 'active', calendarId: 'workshop@group.calendar.google.com' });
    const cal = 'workshop@group.calendar.google.com';
    const s = sender();

    const a = await shop.newJob();
    ok(await c.patch(`/api/v1/calendar/jobs/${a}/due-date`, { dueDate: '2026-12-10' }));
    await s.drain();
    expect(fake.live(cal).map((e) => [e.id, e.start, e.end])).toEqual([[eventId(a), { date: '2026-12-10' }, { date: '2026-12-11' }]]);
    expect(fake.live(cal)[0]?.summary).toBe('Due: B-0001 Oval sapphire halo');

    ok(await c.patch(`/api/v1/calendar/jobs/${a}/due-date`, { dueDate: '2026-12-12' }));
    await s.drain();
    expect(fake.live(cal).map((e) => [e.id, e.start])).toEqual([[eventId(a), { date: '2026-12-12' }]]);

    const b = await shop.newJob('2026-12-20');
    await s.drain();
    expect(fake.live(cal)).toHaveLength(2);

    ok(await c.patch(`/api/v1/calendar/jobs/${a}/due-date`, { dueDate: null }));
    await s.drain();
    expect(fake.live(cal).map((e) => e.id)).toEqual([eventId(b)]);

    ok(await c.post(`${bespokeUnderTest.path}/${b}/stage`, { to: bespokeUnderTest.def.ready }));
    ok(await c.post(`${bespokeUnderTest.path}/${b}/stage`, { to: 'collected' }));
    await s.drain();
    expect(fake.live(cal)).toEqual([]);
    // Set again after being cleared: the same event comes back (Google keeps a deleted id), not a second one.
    ok(await c.patch(`/api/v1/calendar/jobs/${a}/due-date`, { dueDate: '2026-12-14' }));
    await s.drain();
    expect(fake.live(cal).map((e) => [e.id, e.start])).toEqual([[eventId(a), { date: '2026-12-14' }]]);
    expect(fake.calendars.get(cal)?.size).toBe(2);

    // Appointments: made, moved, cancelled.
    const appt = ok(
      await c.post('/api/v1/appointments', { kind: 'consultation', customerId: shop.customerId, startsAt: '2026-12-15T10:30:00Z', durationMinutes: 30 }),
      201,
    ).id as string;
    await s.drain();
    const apptId = `loupeappt${appt.replace(/-/g, '')}`;
    expect(fake.live(cal).find((e) => e.id === apptId)).toMatchObject({
      summary: 'Consultation: Imogen Achterberg',
      start: { dateTime: '2026-12-15T10:30:00.000Z', timeZone: 'Europe/London' },
      end: { dateTime: '2026-12-15T11:00:00.000Z', timeZone: 'Europe/London' },
    });
    ok(await c.patch(`/api/v1/appointments/${appt}`, { startsAt: '2026-12-16T09:00:00Z' }));
    await s.drain();
    expect(fake.live(cal).find((e) => e.id === apptId)?.start).toMatchObject({ dateTime: '2026-12-16T09:00:00.000Z' });
    ok(await c.delete(`/api/v1/appointments/${appt}`), 204);
    await s.drain();
    expect(fake.live(cal).map((e) => e.id)).toEqual([eventId(a)]);
  });

  it('a 401 forces a token refresh, a 404/410 on a deleted event counts as done, and a 5xx burst is retried', async () => {
    const shop = await shopWithJob('Flaky Google Jewellers');
    const { c } = shop;
    await connect(c);
    const s = sender();
    const a = await shop.newJob('2027-01-10');
    await s.drain();
    expect(fake.live().filter((e) => e.id === eventId(a))).toHaveLength(1);

    // The access token stops working: the client refreshes it once and the push lands.
    const tokensBefore = fake.count(/^POST \/token$/);
    fake.expireAccessTokens();
    ok(await c.patch(`/api/v1/calendar/jobs/${a}/due-date`, { dueDate: '2027-01-11' }));
    await s.drain();
    expect(fake.count(/^POST \/token$/)).toBe(tokensBefore + 1);
    expect(fake.live().find((e) => e.id === eventId(a))?.start).toEqual({ date: '2027-01-11' });

    // Deleted on Google's side already (410 when Loupe deletes it), and one never there (404): both done.
    const b = await shop.newJob('2027-01-12');
    await s.drain();
    const ev = fake.calendars.get('primary')?.get(eventId(b));
    if (ev) ev.status = 'cancelled';
    ok(await c.patch(`/api/v1/calendar/jobs/${b}/due-date`, { dueDate: null }));
    const deletes = fake.count(/^DELETE /);
    await s.drain();
    expect(fake.count(/^DELETE /)).toBe(deletes + 1);
    fake.calendars.get('primary')?.delete(eventId(b));
    await t.db.raw.execute(sql`update calendar_sync_queue set status = 'pending' where subject_id = ${b}`);
    await s.drain();
    const [row] = await rowsOf<{ status: string; last_action: string }>(t.db, sql`select status, last_action from calendar_sync_queue where subject_id = ${b}`);
    expect(row).toEqual({ status: 'done', last_action: 'delete' });

    // Three 503s in a row: each try is recorded and retried (with backoff, zero here) until the push lands.
    fake.failNext(503, 503, 503);
    ok(await c.patch(`/api/v1/calendar/jobs/${a}/due-date`, { dueDate: '2027-01-15' }));
    await s.drain();
    expect(fake.live().find((e) => e.id === eventId(a))?.start).toEqual({ date: '2027-01-15' });
    const [retried] = await rowsOf<{ status: string; attempts: number; last_error: string | null }>(
      t.db,
      sql`select status, attempts, last_error from calendar_sync_queue where subject_id = ${a} and provider = 'google'`,
    );
    expect(retried).toEqual({ status: 'done', attempts: 4, last_error: null });

    // A killed sender after Google's answer: the restarted one patches the same event.
    const cc = await shop.newJob('2027-01-20');
    await expect(
      sender({
        workerId: 'doomed',
        afterPush: () => {
          throw new Error('killed');
        },
      }).drain(),
    ).rejects.toThrow('killed');
    await t.db.raw.execute(sql`update calendar_sync_queue set lease_until = now() - interval '1 second' where subject_id = ${cc}`);
    await sender({ workerId: 'restarted' }).drain();
    expect(fake.live().filter((e) => e.id === eventId(cc))).toHaveLength(1);
  });

  it('a revoked grant stops the connection and says so on the settings page', async () => {
    const shop = await shopWithJob('Revoked Jewellers');
    const { c } = shop;
    await connect(c);
    const s = sender();
    const a = await shop.newJob('2027-03-01');
    await s.drain();
    fake.revokeAll();
    ok(await c.patch(`/api/v1/calendar/jobs/${a}/due-date`, { dueDate: '2027-03-02' }));
    await s.drain();
    const view = ok(await c.get('/api/v1/settings/calendar-sync'));
    expect(view.google.connection).toMatchObject({ state: 'revoked', lastError: expect.stringContaining('connect Google Calendar again') });
    // Its changes wait for the connection to be made again, then go.
    expect(view.queue.pending).toBe(1);
    expect(await s.drain()).toBe(0);
    await connect(c);
    await s.drain();
    expect(fake.live().find((e) => e.id === eventId(a))?.start).toEqual({ date: '2027-03-02' });
    expect(ok(await c.get('/api/v1/settings/calendar-sync')).google.connection).toMatchObject({ state: 'active', lastError: null });
  });

  it('"Sync now" reconciles everything once: missing events made, strays removed, and a second run changes nothing', async () => {
    const shop = await shopWithJob('Reconcile Jewellers');
    const { c } = shop;
    await connect(c);
    ok(await c.request('PUT', '/api/v1/settings/calendar-sync/google', { body: { calendarId: 'workshop@group.calendar.google.com' } }));
    const cal = fake.calendars.get('workshop@group.calendar.google.com');
    if (!cal) throw new Error('no calendar');
    const s = sender();
    await s.drain();
    cal.clear();
    const jobs = [await shop.newJob('2027-04-01'), await shop.newJob('2027-04-02'), await shop.newJob('2027-04-03')];
    await s.drain();
    // Someone deleted one on Google, and a stray Loupe event (of a record this shop does not have) is there.
    cal.delete(eventId(jobs[0] ?? ''));
    const stray = eventId(randomUUID());
    cal.set(stray, { id: stray, status: 'confirmed', extendedProperties: { private: { loupe: '1' } }, start: { date: '2027-04-09' } });
    const first = ok(await c.post('/api/v1/settings/calendar-sync/sync'));
    expect(first.problems).toEqual([]);
    await s.drain();
    const ids = () =>
      fake
        .live('workshop@group.calendar.google.com')
        .map((e) => e.id)
        .sort();
    expect(ids()).toEqual(jobs.map(eventId).sort());
    const second = ok(await c.post('/api/v1/settings/calendar-sync/sync'));
    expect(second.queued).toBe(first.queued);
    await s.drain();
    expect(ids()).toEqual(jobs.map(eventId).sort());
    expect(cal.size).toBe(4);
  });
});
