import { describe, expect, it } from 'vitest';
import { defaultAccountLimits, slowdownFor } from './account-limiter.js';

describe('the sign-in slow-down', () => {
  it('lets the first few failures through at once, then doubles the wait up to its ceiling', () => {
    const waits = Array.from({ length: 10 }, (_, failures) => slowdownFor(defaultAccountLimits, failures));
    expect(waits).toEqual([0, 0, 0, 0, 250, 500, 1_000, 2_000, 4_000, 4_000]);
  });

  it('never overflows, however many failures', () => {
    expect(slowdownFor(defaultAccountLimits, 10_000)).toBe(defaultAccountLimits.maxSlowdownMs);
  });
});
