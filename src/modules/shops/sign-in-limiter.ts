import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { DomainError } from '../../domain/errors.js';

/**
 * Sign-in throttling, per address (all attempts) and per account (failures). Held in this process:
 * one Loupe process serves a shop; a cluster would move these counters to PostgreSQL.
 */
export class SignInLimiter {
  private readonly perAddress = new RateLimiterMemory({ keyPrefix: 'ip', points: 30, duration: 60 * 5 });
  private readonly perAccount = new RateLimiterMemory({ keyPrefix: 'acct', points: 10, duration: 60 * 15 });

  async beforeAttempt(address: string, email: string): Promise<void> {
    await Promise.all([this.consume(this.perAddress, address), this.check(this.perAccount, email.toLowerCase())]);
  }

  async failed(email: string): Promise<void> {
    await this.perAccount.penalty(email.toLowerCase(), 1).catch(() => {});
  }

  async succeeded(email: string): Promise<void> {
    await this.perAccount.delete(email.toLowerCase());
  }

  private async consume(limiter: RateLimiterMemory, key: string) {
    try {
      await limiter.consume(key);
    } catch (res) {
      throw limited(res);
    }
  }

  private async check(limiter: RateLimiterMemory, key: string) {
    const res = await limiter.get(key);
    if (res && res.consumedPoints >= limiter.points) throw limited(res);
  }
}

function limited(res: unknown): DomainError {
  const ms = res instanceof RateLimiterRes ? res.msBeforeNext : 60_000;
  return new DomainError('rate_limited', 'Too many sign-in attempts', 'Too many sign-in attempts; wait a few minutes and try again.', {
    retryAfterSeconds: Math.max(1, Math.ceil(ms / 1000)),
  });
}
