import { describe, expect, it } from 'vitest';
import { DomainError } from '../../domain/errors.js';
import { SignInLimiter } from './sign-in-limiter.js';

const limits = { perAddress: 100, addressWindowSeconds: 60, perAccount: 3, accountWindowSeconds: 60 };

/** How many of these attempts were let through, and how many refused as rate_limited. */
async function tally(attempts: Promise<void>[]) {
  const settled = await Promise.allSettled(attempts);
  for (const s of settled) if (s.status === 'rejected') expect(s.reason).toMatchObject({ code: 'rate_limited' });
  return { admitted: settled.filter((s) => s.status === 'fulfilled').length, refused: settled.filter((s) => s.status === 'rejected').length };
}

describe('the sign-in limiter', () => {
  it('admits no more than the account limit of attempts made at once, from any number of addresses', async () => {
    const limiter = new SignInLimiter(limits);
    expect(await tally(Array.from({ length: 30 }, (_, i) => limiter.reserve(`198.51.100.${i}`, 'mina@example.test')))).toEqual({ admitted: 3, refused: 27 });
    // The account's name is one account whatever its case.
    await expect(limiter.reserve('198.51.100.200', ' MINA@example.test')).rejects.toBeInstanceOf(DomainError);
    // Another account is untouched.
    await expect(limiter.reserve('198.51.100.201', 'sam@example.test')).resolves.toBeUndefined();
  });

  it('forgets an account’s failures when the right password is given', async () => {
    const limiter = new SignInLimiter(limits);
    for (let i = 0; i < 3; i++) await limiter.reserve('203.0.113.1', 'mina@example.test');
    await limiter.succeeded('mina@example.test');
    expect(await tally(Array.from({ length: 5 }, () => limiter.reserve('203.0.113.2', 'mina@example.test')))).toEqual({ admitted: 3, refused: 2 });
  });

  it('refuses an address over its limit without spending the account’s attempts', async () => {
    const limiter = new SignInLimiter({ ...limits, perAddress: 2 });
    await limiter.reserve('192.0.2.9', 'a@example.test');
    await limiter.reserve('192.0.2.9', 'b@example.test');
    const refused = await limiter.reserve('192.0.2.9', 'mina@example.test').catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'rate_limited', extra: { retryAfterSeconds: expect.any(Number) } });
    expect(await tally(Array.from({ length: 4 }, (_, i) => limiter.reserve(`192.0.2.${20 + i}`, 'mina@example.test')))).toEqual({ admitted: 3, refused: 1 });
  });
});
