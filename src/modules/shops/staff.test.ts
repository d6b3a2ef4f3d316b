import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, cookieFrom, type TestApp, testApp } from '../../testing/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

/** Adds a member through the API and signs them in: their own browser. */
async function member(owner: Client, role: 'owner' | 'manager' | 'staff', name = 'Jo Bench') {
  const email = `${role}-${Math.random()}@example.test`;
  const password = `${role}-bench-password-9`;
  const added = await owner.post('/api/v1/staff', { name, email, password, role });
  expect(added.statusCode, added.body).toBe(201);
  return { id: added.json().id as string, email, password, client: await signIn(email, password) };
}

async function signIn(email: string, password: string) {
  const res = await t.anonymous.post('/api/v1/session', { email, password });
  expect(res.statusCode, res.body).toBe(200);
  return new Client(t.app, cookieFrom(res));
}

const ownerIdOf = async (client: Client): Promise<string> => (await client.get('/api/v1/me')).json().user.id;

describe('roles', () => {
  it('an owner promotes a member, whose very next request has the new rights', async () => {
    const { client: owner } = await t.newShop();
    const jo = await member(owner, 'staff');
    const add = { name: 'Friend', email: `f-${Math.random()}@example.test`, password: 'another-bench-pw-7', role: 'staff' };
    expect((await jo.client.post('/api/v1/staff', add)).statusCode).toBe(403);

    const promoted = await owner.patch(`/api/v1/staff/${jo.id}`, { role: 'manager' });
    expect(promoted.statusCode, promoted.body).toBe(200);
    expect(promoted.json()).toMatchObject({ id: jo.id, role: 'manager', deactivatedAt: null });
    expect((await jo.client.post('/api/v1/staff', add)).statusCode).toBe(201);
  });

  it('only an owner changes roles, lets staff go or sees and ends their sessions', async () => {
    const { client: owner } = await t.newShop();
    const ownerId = await ownerIdOf(owner);
    const manager = await member(owner, 'manager');
    const staff = await member(owner, 'staff');
    for (const actor of [manager.client, staff.client]) {
      expect((await actor.patch(`/api/v1/staff/${staff.id}`, { role: 'owner' })).json()).toMatchObject({ status: 403, code: 'forbidden' });
      expect((await actor.delete(`/api/v1/staff/${ownerId}`)).statusCode).toBe(403);
      expect((await actor.get(`/api/v1/staff/${ownerId}/sessions`)).statusCode).toBe(403);
      expect((await actor.delete(`/api/v1/staff/${ownerId}/sessions`)).statusCode).toBe(403);
    }
    expect((await owner.get('/api/v1/me')).statusCode).toBe(200);
    const roles = (await owner.get('/api/v1/staff')).json().items.map((m: { role: string }) => m.role);
    expect(roles).toEqual(['owner', 'manager', 'staff']);
  });

  it('refuses a role that is not one of owner, manager, staff', async () => {
    const { client: owner } = await t.newShop();
    const jo = await member(owner, 'staff');
    for (const role of ['admin', 'Owner', '', null]) {
      const res = await owner.patch(`/api/v1/staff/${jo.id}`, { role });
      expect(res.statusCode).toBe(422);
      expect(res.json().errors[0].path).toBe('role');
    }
  });
});

describe('letting a member go', () => {
  it('stops their open session at once, refuses their password after, and keeps them listed as gone', async () => {
    const { client: owner } = await t.newShop();
    const jo = await member(owner, 'staff');
    expect((await jo.client.get('/api/v1/jobs')).statusCode).toBe(200);

    expect((await owner.delete(`/api/v1/staff/${jo.id}`)).statusCode).toBe(204);

    const after = await jo.client.get('/api/v1/jobs');
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('unauthenticated');
    const again = await t.anonymous.post('/api/v1/session', { email: jo.email, password: jo.password });
    expect(again.statusCode).toBe(401);
    // The same words as any wrong pair: a former member's address is not confirmed to a stranger.
    const wrong = await t.anonymous.post('/api/v1/session', { email: `nobody-${Math.random()}@example.test`, password: jo.password });
    expect(again.json().detail).toBe(wrong.json().detail);

    const listed = (await owner.get('/api/v1/staff')).json().items.find((m: { id: string }) => m.id === jo.id);
    expect(listed.deactivatedAt).toEqual(expect.any(String));
    expect((await owner.get(`/api/v1/staff/${jo.id}/sessions`)).json().items).toEqual([]);
  });

  it('never leaves the shop without an active owner, even when two owners let each other go at once', async () => {
    const { client: owner } = await t.newShop();
    const ownerId = await ownerIdOf(owner);
    const alone = await owner.delete(`/api/v1/staff/${ownerId}`);
    expect(alone.statusCode).toBe(409);
    expect(alone.json()).toMatchObject({ code: 'last_owner' });
    expect((await owner.patch(`/api/v1/staff/${ownerId}`, { role: 'manager' })).json().code).toBe('last_owner');

    const partner = await member(owner, 'owner', 'Second Owner');
    const [one, two] = await Promise.all([owner.delete(`/api/v1/staff/${partner.id}`), partner.client.delete(`/api/v1/staff/${ownerId}`)]);
    expect([one.statusCode, two.statusCode].sort()).toEqual([204, 409]);
    const active = (await t.db.system((tx) => tx.query.users.findMany())).filter(
      (u) => [ownerId, partner.id].includes(u.id) && u.role === 'owner' && u.deactivatedAt === null,
    );
    expect(active).toHaveLength(1);
  });

  it('lets an owner step down once another owner is there', async () => {
    const { client: owner } = await t.newShop();
    const ownerId = await ownerIdOf(owner);
    await member(owner, 'owner', 'Heir');
    const res = await owner.patch(`/api/v1/staff/${ownerId}`, { role: 'manager' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().role).toBe('manager');
  });
});

describe('sessions', () => {
  it("an owner sees a member's open sessions and ends them all; a member may end their own", async () => {
    const { client: owner } = await t.newShop();
    const jo = await member(owner, 'staff');
    const phone = await signIn(jo.email, jo.password);
    const listed = await owner.get(`/api/v1/staff/${jo.id}/sessions`);
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items).toHaveLength(2);
    expect(listed.json().items[0]).toMatchObject({ id: expect.stringMatching(/^[0-9a-f]{16}$/), userAgent: expect.any(String) });
    expect((await jo.client.get(`/api/v1/staff/${jo.id}/sessions`)).json().items).toHaveLength(2);

    expect((await owner.delete(`/api/v1/staff/${jo.id}/sessions`)).statusCode).toBe(204);
    expect((await jo.client.get('/api/v1/me')).statusCode).toBe(401);
    expect((await phone.get('/api/v1/me')).statusCode).toBe(401);

    // Signed in again, the member signs themself out everywhere.
    const again = await signIn(jo.email, jo.password);
    expect((await again.delete(`/api/v1/staff/${jo.id}/sessions`)).statusCode).toBe(204);
    expect((await again.get('/api/v1/me')).statusCode).toBe(401);
    expect((await owner.get('/api/v1/me')).statusCode).toBe(200);
  });

  it('ends the live event stream of a member who is let go', async () => {
    const { client: owner } = await t.newShop();
    const jo = await member(owner, 'staff');
    const ended = new Promise<string>((resolve) => {
      const stop = t.deps.live.onSessionEnded((id) => {
        stop();
        resolve(id);
      });
    });
    await owner.delete(`/api/v1/staff/${jo.id}`);
    expect(await ended).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('across shops', () => {
  it("another shop's member is simply not found, and stays as they were", async () => {
    const { client: owner } = await t.newShop();
    const jo = await member(owner, 'staff');
    const { client: stranger } = await t.newShop('Elsewhere');
    expect((await stranger.patch(`/api/v1/staff/${jo.id}`, { role: 'owner' })).statusCode).toBe(404);
    expect((await stranger.delete(`/api/v1/staff/${jo.id}`)).statusCode).toBe(404);
    expect((await stranger.get(`/api/v1/staff/${jo.id}/sessions`)).statusCode).toBe(404);
    expect((await stranger.delete(`/api/v1/staff/${jo.id}/sessions`)).statusCode).toBe(404);
    expect((await stranger.get('/api/v1/staff/not-an-id/sessions')).statusCode).toBe(404);
    expect((await jo.client.get('/api/v1/me')).json().user.role).toBe('staff');
  });
});
