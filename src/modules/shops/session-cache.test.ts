import { expect, it } from 'vitest';
import { SessionCache } from './session-cache.js';

const actor = { userId: 'u', shopId: 's', role: 'staff' as const, name: 'Jo' };

it('remembers a session for its time to live, never past the session itself, and forgets on sign-out', () => {
  const cache = new SessionCache(5_000);
  cache.set('a', actor, 1_000, 1_000_000);
  expect(cache.get('a', 5_999)).toEqual(actor);
  expect(cache.get('a', 6_000)).toBeUndefined();

  cache.set('b', actor, 1_000, 2_000);
  expect(cache.get('b', 1_999)).toEqual(actor);
  expect(cache.get('b', 2_000)).toBeUndefined();

  cache.set('c', actor, 1_000, 1_000_000);
  cache.forget('c');
  expect(cache.get('c', 1_001)).toBeUndefined();
});
