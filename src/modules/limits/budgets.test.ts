import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.js';
import { testDatabase } from '../../testing/test-database.js';
import { type BudgetRule, Budgets } from './budgets.js';

let db: Database;
beforeAll(async () => {
  db = await testDatabase();
});
afterAll(() => db.close());

const refusal = { title: 'Too many', detail: 'Too many; wait.' };
const rule = (name: string, points = 30): BudgetRule => ({ name, points, windowSeconds: 60 });

async function tally(attempts: Promise<unknown>[]) {
  const settled = await Promise.allSettled(attempts);
  for (const s of settled)
    if (s.status === 'rejected') expect(s.reason).toMatchObject({ code: 'rate_limited', extra: { retryAfterSeconds: expect.any(Number) } });
  return { admitted: settled.filter((s) => s.status === 'fulfilled').length, refused: settled.filter((s) => s.status === 'rejected').length };
}

describe('budgets in the database', () => {
  it('admits exactly the allowance of a hundred takes made at once', async () => {
    const budgets = new Budgets(db);
    expect(await tally(Array.from({ length: 100 }, () => budgets.take(rule('burst'), '203.0.113.9', refusal)))).toEqual({ admitted: 30, refused: 70 });
    // Another key has its own allowance.
    await expect(budgets.take(rule('burst'), '203.0.113.10', refusal)).resolves.toBe(1);
  });

  it('is shared by every holder on one database, as separate processes would share it', async () => {
    const [a, b] = [new Budgets(db), new Budgets(db)];
    const r = rule('shared', 4);
    expect(await tally([a, b, a, b, a, b].map((x) => x.take(r, 'k', refusal)))).toEqual({ admitted: 4, refused: 2 });
  });

  it('gives points back, never below nothing, and forgets a key when cleared', async () => {
    const budgets = new Budgets(db);
    const r = rule('refund', 2);
    await budgets.take(r, 'k', refusal);
    await budgets.take(r, 'k', refusal);
    await budgets.giveBack(r, 'k');
    expect(await budgets.spent(r, 'k')).toBe(1);
    await budgets.giveBack(r, 'k', 5);
    expect(await budgets.spent(r, 'k')).toBe(0);
    await budgets.take(r, 'k', refusal);
    await budgets.clear(r, 'k');
    expect(await budgets.spent(r, 'k')).toBe(0);
  });

  it('opens a fresh window once the last one has closed', async () => {
    const budgets = new Budgets(db);
    const r = rule('window', 1);
    await budgets.take(r, 'k', refusal);
    await expect(budgets.take(r, 'k', refusal)).rejects.toMatchObject({ code: 'rate_limited' });
    await db.raw.execute(sql`update rate_limits set expires_at = now() - interval '1 second' where key = 'window:k'`);
    expect(await budgets.spent(r, 'k')).toBe(0);
    await expect(budgets.take(r, 'k', refusal)).resolves.toBe(1);
  });
});
