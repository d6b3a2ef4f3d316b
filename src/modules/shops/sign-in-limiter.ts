import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { DomainError } from '../../domain/errors.js';

export interface SignInLimits {
  /** Attempts one address may make, whatever the account, per window. */
  perAddress: number;
  addressWindowSeconds: number;
  /** Attempts that may reach one account's password check per window; a correct password clears them. */
  perAccount: number;
  accountWindowSeconds: number;
}

export const defaultSignInLimits: SignInLimits = { perAddress: 30, addressWindowSeconds: 60 * 5, perAccount: 10, accountWindowSeconds: 60 * 15 };

/**
 * Sign-in throttling, per address and per account. An attempt takes its point before the password
 * is checked, in one step (`consume`), so attempts racing each other from many addresses cannot
 * all pass a count read before any of them was recorded: no more than the limit reach the check.
 * Held in this process: one Loupe process serves a shop; a cluster would move these counters to PostgreSQL.
 */
export class SignInLimiter {
  private readonly perAddress: RateLimiterMemory;
  private readonly perAccount: RateLimiterMemory;

  constructor(limits: SignInLimits = defaultSignInLimits) {
    this.perAddress = new RateLimiterMemory({ keyPrefix: 'ip', points: limits.perAddress, duration: limits.addressWindowSeconds });
    this.perAccount = new RateLimiterMemory({ keyPrefix: 'acct', points: limits.perAccount, duration: limits.accountWindowSeconds });
  }

  /**
   * Reserves this attempt against the address, then the account, or refuses it. An address already
   * refused spends none of the account's attempts; an attempt that is let through counts as a
   * failure until `succeeded` says otherwise.
   */
  async reserve(address: string, email: string): Promise<void> {
    await consume(this.perAddress, address);
    await consume(this.perAccount, accountKey(email));
  }

  /** The right password: the account's failures are forgotten. */
  async succeeded(email: string): Promise<void> {
    await this.perAccount.delete(accountKey(email));
  }
}

const accountKey = (email: string) => email.trim().toLowerCase();

async function consume(limiter: RateLimiterMemory, key: string) {
  try {
    await limiter.consume(key);
  } catch (res) {
    throw limited(res);
  }
}

function limited(res: unknown): DomainError {
  const ms = res instanceof RateLimiterRes ? res.msBeforeNext : 60_000;
  return new DomainError('rate_limited', 'Too many sign-in attempts', 'Too many sign-in attempts; wait a few minutes and try again.', {
    retryAfterSeconds: Math.max(1, Math.ceil(ms / 1000)),
  });
}
