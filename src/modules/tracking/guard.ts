import { setTimeout as sleep } from 'node:timers/promises';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { DomainError } from '../../domain/errors.js';

/** Every miss takes at least this long, however early it was known to be one. */
export const MISS_MIN_MS = 250;
export const MISSES_PER_MINUTE = 30;

/** The one answer for every miss: a wrong code, a wrong verifier, another shop's reference. */
export const trackingMiss = () =>
  new DomainError('not_found', 'Not found', 'We could not find a piece with those details. Check the reference and try again, or contact the shop.');

const limited = (res: unknown, title: string, detail: string) =>
  new DomainError('rate_limited', title, detail, {
    retryAfterSeconds: Math.max(1, Math.ceil((res instanceof RateLimiterRes ? res.msBeforeNext : 60_000) / 1000)),
  });

/**
 * Guessing is made slow and dull: misses are counted per address (the 31st in a minute is refused,
 * and so is everything else from that address until the minute is over) and all take the same time.
 * Counters live in this process, like the sign-in limiter's.
 */
export class TrackingGuard {
  private readonly misses = new RateLimiterMemory({ keyPrefix: 'track-miss', points: MISSES_PER_MINUTE, duration: 60 });
  /** Customers' writes (decisions, messages) per link: enough for a conversation, not for a flood. */
  private readonly writes = new RateLimiterMemory({ keyPrefix: 'track-write', points: 20, duration: 60 * 60 });

  constructor(private readonly minMissMs = MISS_MIN_MS) {}

  /**
   * Runs a lookup for `address`. A miss (the `not_found` it throws) is counted and answered after
   * the fixed minimum; an address over its budget is refused before anything is looked up.
   */
  async run<T>(address: string, lookup: () => Promise<T>): Promise<T> {
    const started = performance.now();
    const seen = await this.misses.get(address);
    if (seen && seen.consumedPoints >= MISSES_PER_MINUTE) throw this.tooMany(seen);
    try {
      return await lookup();
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== 'not_found') throw err;
      const wait = this.minMissMs - (performance.now() - started);
      if (wait > 0) await sleep(wait);
      try {
        await this.misses.consume(address);
      } catch (res) {
        throw this.tooMany(res);
      }
      throw trackingMiss();
    }
  }

  async write(code: string): Promise<void> {
    try {
      await this.writes.consume(code);
    } catch (res) {
      throw limited(res, 'Too many messages', 'You have sent a lot from this page in the last hour; please wait a while, or call the shop.');
    }
  }

  private tooMany(res: unknown) {
    return limited(res, 'Too many attempts', 'Too many unsuccessful look-ups from your connection; wait a minute and try again.');
  }
}
