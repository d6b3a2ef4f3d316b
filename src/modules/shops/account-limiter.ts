import { setTimeout as sleep } from 'node:timers/promises';
import type { BudgetRule, Budgets } from '../limits/budgets.js';

export interface AccountLimits {
  /** Sign-in attempts one address may make, whatever the account, per 5 minutes. */
  signInsPerAddress: number;
  /** Wrong passwords one address may try on one account per 15 minutes. */
  guessesPerAccountAndAddress: number;
  /**
   * Attempts on one account from addresses it has never been signed in from, per 15 minutes: past
   * this they wait it out. Addresses the account has signed in from are never held up by others' failures.
   */
  unknownAttemptsPerAccount: number;
  /** Failed attempts on an account before sign-ins from unknown addresses start to slow down. */
  freeFailures: number;
  /** The first slowed attempt's wait; each later one waits twice as long, up to `maxSlowdownMs`. */
  slowdownMs: number;
  maxSlowdownMs: number;
  /** New shops one address may open per hour. */
  signUpsPerAddress: number;
}

export const defaultAccountLimits: AccountLimits = {
  signInsPerAddress: 30,
  guessesPerAccountAndAddress: 10,
  unknownAttemptsPerAccount: 10,
  freeFailures: 3,
  slowdownMs: 250,
  maxSlowdownMs: 4_000,
  signUpsPerAddress: 10,
};

const MINUTE = 60;
const tooManySignIns = { title: 'Too many sign-in attempts', detail: 'Too many sign-in attempts; wait a few minutes and try again.' };
const tooManySignUps = { title: 'Too many new shops', detail: 'Too many shops have been opened from your connection; try again in an hour.' };

/** How long an attempt waits after `failures` failures on its account (it is the `failures + 1`th). */
export function slowdownFor(limits: Pick<AccountLimits, 'freeFailures' | 'slowdownMs' | 'maxSlowdownMs'>, failures: number): number {
  const over = failures - limits.freeFailures;
  if (over <= 0) return 0;
  return Math.min(limits.maxSlowdownMs, limits.slowdownMs * 2 ** Math.min(over - 1, 30));
}

/**
 * Throttles sign-ins and sign-ups, in PostgreSQL so every Loupe process shares the counts. Each
 * attempt takes its points before the password is checked, so parallel guesses cannot all pass a
 * count none of them has added to yet. A flood of wrong passwords from elsewhere never locks an
 * owner out: addresses the account has signed in from before are judged only on their own failures,
 * and new ones are slowed down progressively before they are refused.
 */
export class AccountLimiter {
  private readonly perAddress: BudgetRule;
  private readonly perPair: BudgetRule;
  private readonly perAccount: BudgetRule;
  private readonly known: BudgetRule = { name: 'signin-known', points: Number.MAX_SAFE_INTEGER, windowSeconds: 90 * 24 * 60 * MINUTE };
  private readonly signUps: BudgetRule;

  constructor(
    private readonly budgets: Budgets,
    private readonly limits: AccountLimits = defaultAccountLimits,
  ) {
    this.perAddress = { name: 'signin-ip', points: limits.signInsPerAddress, windowSeconds: 5 * MINUTE };
    this.perPair = { name: 'signin-pair', points: limits.guessesPerAccountAndAddress, windowSeconds: 15 * MINUTE };
    this.perAccount = { name: 'signin-acct', points: limits.unknownAttemptsPerAccount, windowSeconds: 15 * MINUTE };
    this.signUps = { name: 'signup-ip', points: limits.signUpsPerAddress, windowSeconds: 60 * MINUTE };
  }

  /**
   * Reserves this sign-in attempt, waiting first when the account has been failing from unknown
   * places, or refuses it with `rate_limited`. The attempt counts as a failure until `succeeded`.
   */
  async reserveSignIn(address: string, email: string): Promise<void> {
    const account = accountKey(email);
    const pair = `${account}|${address}`;
    await this.budgets.take(this.perAddress, address, tooManySignIns);
    await this.budgets.take(this.perPair, pair, tooManySignIns);
    if ((await this.budgets.spent(this.known, pair)) > 0) return;
    const attempts = await this.budgets.take(this.perAccount, account, tooManySignIns);
    const wait = slowdownFor(this.limits, attempts - 1);
    if (wait > 0) await sleep(wait);
  }

  /** The right password: this address is known to the account from now on, and its failures are forgotten. */
  async succeeded(address: string, email: string): Promise<void> {
    const account = accountKey(email);
    const pair = `${account}|${address}`;
    await this.budgets.clear(this.perPair, pair);
    await this.budgets.clear(this.perAccount, account);
    if ((await this.budgets.spent(this.known, pair)) === 0) await this.budgets.take(this.known, pair, tooManySignIns);
  }

  async reserveSignUp(address: string): Promise<void> {
    await this.budgets.take(this.signUps, address, tooManySignUps);
  }
}

const accountKey = (email: string) => email.trim().toLowerCase();
