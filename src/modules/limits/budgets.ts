import type { Database } from '../../db/client.js';
import { DomainError } from '../../domain/errors.js';
import * as q from './queries.js';

/** A named allowance: so many points per key per window. */
export interface BudgetRule {
  name: string;
  points: number;
  windowSeconds: number;
}

export interface Refusal {
  title: string;
  detail: string;
}

const SWEEP_EVERY = 500;

/**
 * Rate limits kept in PostgreSQL, so every Loupe process on one database shares them. The point is
 * taken before the work it pays for (concurrent requests cannot all read a count that none of them
 * has added to yet), and given back when the work turns out to be free (a tracking hit).
 */
export class Budgets {
  private takes = 0;

  constructor(private readonly db: Database) {}

  /** Takes `points` from `key`'s allowance and answers the points now spent, or throws `rate_limited` with when to try again. */
  async take(rule: BudgetRule, key: string, refusal: Refusal, points = 1): Promise<number> {
    if (++this.takes % SWEEP_EVERY === 0) await q.sweepExpired(this.db.raw);
    const taken = await q.take(this.db.raw, keyOf(rule, key), points, rule.windowSeconds);
    if (taken.points > rule.points) throw rateLimited(refusal, taken.msLeft);
    return taken.points;
  }

  /** How many points of `key`'s allowance are spent in the open window. */
  spent(rule: BudgetRule, key: string): Promise<number> {
    return q.pointsOf(this.db.raw, keyOf(rule, key));
  }

  giveBack(rule: BudgetRule, key: string, points = 1): Promise<void> {
    return q.giveBack(this.db.raw, keyOf(rule, key), points);
  }

  clear(rule: BudgetRule, key: string): Promise<void> {
    return q.clear(this.db.raw, keyOf(rule, key));
  }
}

const keyOf = (rule: BudgetRule, key: string) => `${rule.name}:${key}`;

export function rateLimited(refusal: Refusal, msLeft: number): DomainError {
  return new DomainError('rate_limited', refusal.title, refusal.detail, { retryAfterSeconds: Math.max(1, Math.ceil(msLeft / 1000)) });
}
