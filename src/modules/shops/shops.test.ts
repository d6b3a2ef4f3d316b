import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookieFrom, ORIGIN, type TestApp, testApp } from '../../testing/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const signUp = (over: Record<string, unknown> = {}) =>
  t.anonymous.post('/api/v1/shops', {
    shopName: 'Ring Room',
    ownerName: 'Mina Shah',
    email: `mina-${Math.random()}@example.test`,
    password: 'sapphire-ring-9',
    ...over,
  });

describe('shop sign-up', () => {
  it('opens a shop with its owner signed in', async () => {
    const res = await signUp({ currency: 'aud', timeZone: 'Australia/Perth', locale: 'en-AU' });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.shop).toMatchObject({ name: 'Ring Room', currency: 'AUD', timeZone: 'Australia/Perth', locale: 'en-AU', country: 'AU' });
    expect(body.user).toMatchObject({ name: 'Mina Shah', role: 'owner' });
    expect(body.user.passwordHash).toBeUndefined();
    const cookie = res.cookies.find((c) => c.name === 'loupe_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    const me = await t.anonymous.get('/api/v1/me', { headers: { cookie: `loupe_session=${cookie?.value}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json().shop.id).toBe(body.shop.id);
  });

  it('defaults to a British shop', async () => {
    const res = await signUp();
    expect(res.json().shop).toMatchObject({ currency: 'GBP', timeZone: 'Europe/London', locale: 'en-GB' });
  });

  it('takes the country from the time zone when none is given, so an Australian customer’s mobile reads as +61', async () => {
    const res = await signUp({ timeZone: 'Australia/Perth' });
    expect(res.json().shop).toMatchObject({ country: 'AU', locale: 'en-AU', currency: 'AUD', timeZone: 'Australia/Perth' });
    const owner = { cookie: cookieFrom(res) ?? '', origin: ORIGIN };
    const customer = await t.anonymous.post('/api/v1/customers', { name: 'Kylie Nguyen', phone: '0412 345 678' }, { headers: owner });
    expect(customer.json().phone).toBe('+61412345678');
    // A zone with no locale of its own keeps the British defaults but its own country.
    expect((await signUp({ timeZone: 'Europe/Paris' })).json().shop).toMatchObject({ country: 'FR', locale: 'en-GB', currency: 'GBP' });
    // Said outright, the country wins; an unknown one is refused by name.
    expect((await signUp({ timeZone: 'Australia/Perth', country: 'nz' })).json().shop.country).toBe('NZ');
    const bad = await signUp({ country: 'XX' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].path).toBe('country');
  });

  it('lets an owner change the shop’s country, which phone numbers are then read with', async () => {
    const res = await signUp();
    const owner = { cookie: cookieFrom(res) ?? '', origin: ORIGIN };
    const changed = await t.anonymous.patch('/api/v1/shop', { country: 'au' }, { headers: owner });
    expect(changed.json().country).toBe('AU');
    const customer = await t.anonymous.post('/api/v1/customers', { name: 'Jack Lee', phone: '0412 345 678' }, { headers: owner });
    expect(customer.json().phone).toBe('+61412345678');
  });

  it('changes the currency only before any amount is recorded, since amounts are never converted', async () => {
    const owner = { cookie: cookieFrom(await signUp()) ?? '', origin: ORIGIN };
    // Set up in the wrong currency, put right before the first job: fine.
    expect((await t.anonymous.patch('/api/v1/shop', { currency: 'EUR' }, { headers: owner })).json().currency).toBe('EUR');
    expect((await t.anonymous.patch('/api/v1/shop', { currency: 'GBP' }, { headers: owner })).json().currency).toBe('GBP');
    const customer = (await t.anonymous.post('/api/v1/customers', { name: 'Jack Lee' }, { headers: owner })).json();
    const job = await t.anonymous.post('/api/v1/bespoke', { title: 'Signet', customerId: customer.id, quotedCents: 7_550 }, { headers: owner });
    expect(job.statusCode).toBe(201);
    // £75.50 would read ¥7,550: refused on the field, the shop left as it was; the rest of the change is not made either.
    const refused = await t.anonymous.patch('/api/v1/shop', { currency: 'JPY', name: 'Ring Room Tokyo' }, { headers: owner });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors).toEqual([{ path: 'currency', message: expect.stringContaining('already recorded in GBP') }]);
    const me = (await t.anonymous.get('/api/v1/me', { headers: owner })).json();
    expect(me.shop).toMatchObject({ currency: 'GBP', name: 'Ring Room' });
    // Saving the form with the currency it already has is no change.
    expect((await t.anonymous.patch('/api/v1/shop', { currency: 'gbp', name: 'Ring Room Two' }, { headers: owner })).statusCode).toBe(200);
  });

  it('refuses a second account with the same e-mail, in any case', async () => {
    const email = `dup-${Math.random()}@example.test`;
    expect((await signUp({ email })).statusCode).toBe(201);
    const again = await signUp({ email: email.toUpperCase() });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'email_taken', errors: [{ path: 'email' }] });
  });

  it('opens at most ten shops an hour from one address', async () => {
    const from = (i: number) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/shops',
        remoteAddress: '198.51.100.7',
        payload: { shopName: `Shop ${i}`, ownerName: 'Sam', email: `many-${i}-${Math.random()}@example.test`, password: 'sapphire-ring-9' },
      });
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) codes.push((await from(i)).statusCode);
    expect(codes).toEqual([...Array(10).fill(201), 429, 429]);
    const refused = await from(99);
    expect(refused.json()).toMatchObject({ code: 'rate_limited', status: 429 });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });

  it.each(['password', '        ', 'qwertyuiop', 'letmein2026'])('refuses the guessable password %j, saying why', async (password) => {
    const res = await signUp({ password });
    expect(res.statusCode).toBe(422);
    const error = res.json().errors.find((e: { path: string }) => e.path === 'password');
    expect(error.message).toMatch(/guess|common|used|repeated/i);
  });

  it.each([
    [{ currency: 'XXQ' }, 'currency'],
    [{ timeZone: 'Mars/Olympus' }, 'timeZone'],
    [{ password: 'short' }, 'password'],
    [{ email: 'not-an-email' }, 'email'],
    [{ shopName: '   ' }, 'shopName'],
  ])('refuses bad input %o with a field error', async (over, path) => {
    const res = await signUp(over);
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'validation_failed', status: 422 });
    expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(path);
  });
});

describe('sessions', () => {
  it('signs in, answers me, and signs out for good', async () => {
    const shop = await t.newShop();
    const res = await t.anonymous.post('/api/v1/session', { email: shop.email, password: shop.password });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ user: { email: shop.email }, shop: { id: shop.shop.id } });
    const cookie = cookieFrom(res);
    const headers = { cookie: cookie ?? '' };
    expect((await t.anonymous.get('/api/v1/me', { headers })).statusCode).toBe(200);
    expect((await t.anonymous.delete('/api/v1/session', { headers })).statusCode).toBe(204);
    // The same cookie, replayed after sign-out, is dead server-side.
    const after = await t.anonymous.get('/api/v1/me', { headers });
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('unauthenticated');
  });

  it('gives the same answer for an unknown e-mail and a wrong password', async () => {
    const shop = await t.newShop();
    const wrong = await t.anonymous.post('/api/v1/session', { email: shop.email, password: 'not the password' });
    const unknown = await t.anonymous.post('/api/v1/session', { email: 'nobody@example.test', password: 'not the password' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().detail).toBe(unknown.json().detail);
    expect(wrong.json().code).toBe('unauthenticated');
  });

  const signInFrom = (remoteAddress: string, email: string, password: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/session', remoteAddress, payload: { email, password } });

  it('refuses wrong passwords from new places after ten, yet the owner still signs in from where they signed in before', async () => {
    // newShop signed the owner in from the inject client's own address, so that address is known to the account.
    const shop = await t.newShop();
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) codes.push((await signInFrom(`10.0.0.${i + 1}`, shop.email, 'guess')).statusCode);
    expect(codes.slice(0, 10).every((c) => c === 401)).toBe(true);
    expect(codes.slice(10)).toEqual([429, 429]);
    // A new place waits, even with the right password...
    const stranger = await signInFrom('10.0.1.1', shop.email, shop.password);
    expect(stranger.statusCode).toBe(429);
    expect(stranger.json().code).toBe('rate_limited');
    expect(Number(stranger.headers['retry-after'])).toBeGreaterThan(0);
    // ...but the failures of others do not lock the owner out where they work.
    expect((await signInFrom('127.0.0.1', shop.email, shop.password)).statusCode).toBe(200);
  });

  it('lets no more than the limit of parallel wrong guesses from new places reach the password check', async () => {
    const shop = await t.newShop();
    // Thirty guesses at once, each from its own address: the per-account count is the only wall.
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => signInFrom(`10.9.${i}.1`, shop.email, `guess-${i}`)));
    const codes = answers.map((r) => r.statusCode);
    // A 401 is a guess that was checked against the password; the rest were refused before it.
    expect(codes.filter((c) => c === 401)).toHaveLength(10);
    expect(codes.filter((c) => c === 429)).toHaveLength(20);
    for (const r of answers.filter((a) => a.statusCode === 429)) expect(r.json().code).toBe('rate_limited');
    expect((await signInFrom('10.9.99.1', shop.email, shop.password)).statusCode).toBe(429);
    expect((await signInFrom('127.0.0.1', shop.email, shop.password)).statusCode).toBe(200);
  });

  it('limits one address to ten wrong passwords on one account, even an address the owner used before', async () => {
    const shop = await t.newShop();
    expect((await signInFrom('192.0.2.50', shop.email, shop.password)).statusCode).toBe(200);
    const codes: number[] = [];
    for (let i = 0; i < 11; i++) codes.push((await signInFrom('192.0.2.50', shop.email, 'guess')).statusCode);
    expect(codes.slice(0, 10).every((c) => c === 401)).toBe(true);
    expect(codes[10]).toBe(429);
  });

  it('rate-limits one address trying many accounts', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 32; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/session',
        remoteAddress: '192.0.2.77',
        payload: { email: `x${i}@example.test`, password: 'guess' },
      });
      codes.push(res.statusCode);
    }
    expect(codes.filter((c) => c === 429).length).toBeGreaterThan(0);
    expect(codes.slice(0, 30).every((c) => c === 401)).toBe(true);
  });

  it('refuses a cookie-authenticated write from a foreign origin', async () => {
    const { client } = await t.newShop();
    const evil = await client.post('/api/v1/customers', { name: 'Mallory' }, { headers: { origin: 'https://evil.example' } });
    expect(evil.statusCode).toBe(403);
    expect(evil.json().code).toBe('forbidden');
    const crossSite = await client.post('/api/v1/customers', { name: 'Mallory' }, { headers: { origin: '', 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.statusCode).toBe(403);
    const ok = await client.post('/api/v1/customers', { name: 'Alice' }, { headers: { origin: ORIGIN } });
    expect(ok.statusCode).toBe(201);
  });
});

describe('signing out', () => {
  it('refuses a sign-out from a foreign page, and the session stays valid', async () => {
    const { client } = await t.newShop();
    const foreign: Record<string, string>[] = [{ origin: 'https://evil.example' }, { origin: 'null' }, { origin: '', 'sec-fetch-site': 'cross-site' }];
    for (const headers of foreign) {
      const res = await client.delete('/api/v1/session', { headers });
      expect(res.statusCode, JSON.stringify(headers)).toBe(403);
      expect(res.json()).toMatchObject({ code: 'forbidden', status: 403 });
      // Nothing was undone: no cookie cleared, and the session still answers.
      expect(res.cookies.find((c) => c.name === 'loupe_session')).toBeUndefined();
      expect((await client.get('/api/v1/me')).statusCode).toBe(200);
    }
    // From Loupe's own page it signs out for good.
    expect((await client.delete('/api/v1/session', { headers: { origin: ORIGIN } })).statusCode).toBe(204);
    expect((await client.get('/api/v1/me')).statusCode).toBe(401);
  });
});

describe('staff', () => {
  it('lets an owner add a manager, and a manager add staff but not an owner', async () => {
    const { client } = await t.newShop();
    const email = `mgr-${Math.random()}@example.test`;
    const added = await client.post('/api/v1/staff', { name: 'Sam Mercer', email, password: 'bench-manager-1', role: 'manager' });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ name: 'Sam Mercer', role: 'manager', email });
    const signIn = await t.anonymous.post('/api/v1/session', { email, password: 'bench-manager-1' });
    expect(signIn.statusCode).toBe(200);
    const manager = { cookie: cookieFrom(signIn) ?? '', origin: ORIGIN };
    const staff = await t.anonymous.post(
      '/api/v1/staff',
      { name: 'Jo Bench', email: `jo-${Math.random()}@example.test`, password: 'bench-staff-1', role: 'staff' },
      { headers: manager },
    );
    expect(staff.statusCode).toBe(201);
    const owner = await t.anonymous.post(
      '/api/v1/staff',
      { name: 'Usurper', email: `u-${Math.random()}@example.test`, password: 'bench-owner-1', role: 'owner' },
      { headers: manager },
    );
    expect(owner.statusCode).toBe(403);
    expect(owner.json().code).toBe('forbidden');
  });

  it('refuses staff members adding staff', async () => {
    const { client } = await t.newShop();
    const email = `staff-${Math.random()}@example.test`;
    await client.post('/api/v1/staff', { name: 'Jo Bench', email, password: 'bench-staff-1', role: 'staff' });
    const signIn = await t.anonymous.post('/api/v1/session', { email, password: 'bench-staff-1' });
    const res = await t.anonymous.post(
      '/api/v1/staff',
      { name: 'Friend', email: `f-${Math.random()}@example.test`, password: 'bench-staff-2', role: 'staff' },
      { headers: { cookie: cookieFrom(signIn) ?? '', origin: ORIGIN } },
    );
    expect(res.statusCode).toBe(403);
  });

  it('needs a session', async () => {
    const res = await t.anonymous.post('/api/v1/staff', { name: 'X', email: 'x@example.test', password: 'whatever-1', role: 'staff' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'unauthenticated', status: 401 });
  });
});
