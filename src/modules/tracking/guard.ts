import { setTimeout as sleep } from 'node:timers/promises';
import { DomainError } from '../../domain/errors.js';
import type { BudgetRule, Budgets } from '../limits/budgets.js';

/** Every miss takes at least this long, however early it was known to be one. */
export const MISS_MIN_MS = 250;
export const MISSES_PER_MINUTE = 30;

const lookups: BudgetRule = { name: 'track-lookup', points: MISSES_PER_MINUTE, windowSeconds: 60 };
/** Customers' writes (decisions, messages) per link: enough for a conversation, not for a flood. */
const writes: BudgetRule = { name: 'track-write', points: 20, windowSeconds: 60 * 60 };

const tooManyLookups = {
  title: 'Too many attempts',
  detail: 'Too many unsuccessful look-ups from your connection; wait a minute and try again.',
};
const tooManyWrites = { title: 'Too many messages', detail: 'You have sent a lot from this page in the last hour; please wait a while, or call the shop.' };

/** The one answer for every miss: a wrong code, a wrong verifier, another shop's reference. */
export const trackingMiss = () =>
  new DomainError('not_found', 'Not found', 'We could not find a piece with those details. Check the reference and try again, or contact the shop.');

/**
 * Guessing is made slow and dull: an address may miss 30 times a minute, and every miss takes the
 * same time. Each look-up takes its point before it runs and a hit gives it back, so a thousand
 * look-ups at once get no more guesses than thirty made one by one. Budgets live in PostgreSQL, shared
 * by every Loupe process.
 */
export class TrackingGuard {
  constructor(
    private readonly budgets: Budgets,
    private readonly minMissMs = MISS_MIN_MS,
  ) {}

  /** Runs a lookup for `address`; a miss (the `not_found` it throws) keeps its point and is answered after the fixed minimum. */
  async run<T>(address: string, lookup: () => Promise<T>): Promise<T> {
    const started = performance.now();
    await this.budgets.take(lookups, address, tooManyLookups);
    let result: T;
    try {
      result = await lookup();
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== 'not_found') {
        await this.budgets.giveBack(lookups, address);
        throw err;
      }
      const wait = this.minMissMs - (performance.now() - started);
      if (wait > 0) await sleep(wait);
      throw trackingMiss();
    }
    await this.budgets.giveBack(lookups, address);
    return result;
  }

  async write(code: string): Promise<void> {
    await this.budgets.take(writes, code, tooManyWrites);
  }
}
