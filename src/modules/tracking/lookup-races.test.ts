import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../testing/test-app.js';
import { ORIGIN, testApp } from '../../testing/test-app.js';
import { Budgets } from '../limits/budgets.js';
import { MISSES_PER_MINUTE, TrackingGuard } from './guard.js';

/**
 * The look-up budget cannot be outrun by asking all at once: every look-up takes its point before
 * it runs. A probe once sent 1,000 at the same moment, 999 with a wrong surname: 30 × 404 came
 * back and the right pair was still answered, because the budget was read before and the miss
 * counted after the padding delay.
 */

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

describe('tracking look-ups at once', () => {
  it('a thousand look-ups from one address at the same moment get no more than the budget of answers', async () => {
    const shop = await t.newShop();
    const customer = (await shop.client.post('/api/v1/customers', { name: 'Ottoline Brisk', email: 'ottoline@example.test' })).json();
    const job = (await shop.client.post('/api/v1/bespoke', { title: 'Signet ring', customerId: customer.id })).json();
    const lookup = (verifier: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/track/lookup',
        remoteAddress: '203.0.113.77',
        headers: { origin: ORIGIN },
        payload: { reference: job.reference, verifier, shop: shop.shop.id },
      });

    const guesses = Array.from({ length: 999 }, (_, i) => `Wrong${i}`);
    // The right pair goes last, as an attacker who had guessed it among the others would send it.
    const answers = await Promise.all([...guesses, 'Brisk'].map(lookup));

    const count = (status: number) => answers.filter((a) => a.statusCode === status).length;
    // Every look-up that ran spent a point first; the thirty points are all there were.
    expect(count(404) + count(200)).toBeLessThanOrEqual(MISSES_PER_MINUTE);
    expect(count(429)).toBeGreaterThanOrEqual(1_000 - MISSES_PER_MINUTE);
    expect(count(404) + count(200) + count(429)).toBe(1_000);
    // The budget is spent: even the right pair is refused now, until the minute is over.
    expect((await lookup('Brisk')).statusCode).toBe(429);
  });

  it('a hit gives its point back, so a customer checking their piece is never counted as guessing', async () => {
    const shop = await t.newShop();
    const customer = (await shop.client.post('/api/v1/customers', { name: 'Perpetua Vance', email: 'perpetua@example.test' })).json();
    const job = (await shop.client.post('/api/v1/bespoke', { title: 'Eternity band', customerId: customer.id })).json();
    const guard = new TrackingGuard(new Budgets(t.db), 0);
    const view = () => guard.run('198.51.100.12', () => Promise.resolve(job.id));
    for (let i = 0; i < MISSES_PER_MINUTE * 2; i++) await expect(view()).resolves.toBe(job.id);
  });
});
