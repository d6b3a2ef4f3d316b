import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bespokeUnderTest } from '../../testing/pipelines.js';
import { Client, cookieFrom, type TestApp, testApp } from '../../testing/test-app.js';

/** The sync settings where the HTTP contract looks for them (api-v1.md: "Sync settings under /api/v1/settings/calendar"). */

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

describe('GET /api/v1/settings/calendar', () => {
  it('answers exactly as GET /api/v1/settings/calendar-sync, to owners and managers only', async () => {
    const shop = await t.newShop('Sync Settings Jewellers');
    const c = shop.client;
    const empty = await c.get('/api/v1/settings/calendar');
    expect(empty.statusCode, empty.body).toBe(200);
    expect(empty.json()).toEqual((await c.get('/api/v1/settings/calendar-sync')).json());

    // A connection and something queued for it: the answers still match, field for field.
    const saved = await c.request('PUT', '/api/v1/settings/calendar-sync/caldav', {
      body: { url: 'https://dav.example.test/alice/workshop/', username: 'alice', password: 'app-password-1' },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const customerId = (await c.post('/api/v1/customers', { name: 'Imogen Achterberg' })).json().id;
    expect((await c.post(bespokeUnderTest.path, { ...bespokeUnderTest.newJob(customerId), dueDate: '2026-12-01' })).statusCode).toBe(201);
    const view = await c.get('/api/v1/settings/calendar');
    expect(view.statusCode, view.body).toBe(200);
    expect(view.json()).toMatchObject({ caldav: { url: 'https://dav.example.test/alice/workshop/', username: 'alice', passwordSet: true } });
    expect(view.json().queue.pending).toBeGreaterThan(0);
    expect(JSON.stringify(view.json())).not.toContain('app-password-1');
    expect(view.json()).toEqual((await c.get('/api/v1/settings/calendar-sync')).json());

    const email = `bench-${Math.random()}@example.test`;
    expect((await c.post('/api/v1/staff', { name: 'Jo Bench', email, role: 'staff', password: 'correct horse battery staple' })).statusCode).toBe(201);
    const staff = new Client(t.app, cookieFrom(await t.anonymous.post('/api/v1/session', { email, password: 'correct horse battery staple' })));
    for (const path of ['/api/v1/settings/calendar', '/api/v1/settings/calendar-sync']) {
      const refused = await staff.get(path);
      expect(refused.statusCode, path).toBe(403);
      expect(refused.json()).toMatchObject({ code: 'forbidden' });
    }
    expect((await t.anonymous.get('/api/v1/settings/calendar')).statusCode).toBe(401);
  });
});
