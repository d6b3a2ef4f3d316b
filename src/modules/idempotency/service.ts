import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '../../db/client.js';
import type { Clock } from '../../domain/clock.js';
import { DomainError } from '../../domain/errors.js';
import * as q from './queries.js';

/** How long a key answers its first result (Stripe's day). */
export const KEY_LIFETIME_MS = 24 * 60 * 60 * 1000;
/** How long a repeat waits for the first request with its key to be answered before it gives up. */
const WAIT_FOR_FIRST_MS = 15_000;
const POLL_MS = 25;

export type Begun = { kind: 'first' } | { kind: 'repeat'; status: number; contentType: string | null; body: string };

interface Deps {
  db: Database;
  clock: Clock;
}

/**
 * A write arrives with an `Idempotency-Key`. The first request with the key claims it and goes on;
 * a repeat with the same method, path and body answers what the first one answered (waiting for it
 * when both arrive at once); the key with another request is refused, so a client's bug cannot
 * quietly answer the wrong thing.
 */
export async function begin(deps: Deps, shopId: string, key: string, fingerprint: string): Promise<Begun> {
  const deadline = Date.now() + WAIT_FOR_FIRST_MS;
  for (;;) {
    const now = deps.clock.now();
    const outcome = await deps.db.tenant(shopId, async (tx): Promise<Begun | 'wait'> => {
      await q.forgetOlderThan(tx, shopId, key, new Date(now.getTime() - KEY_LIFETIME_MS));
      if (await q.claim(tx, { shopId, key, fingerprint, at: now })) return { kind: 'first' };
      const held = await q.find(tx, shopId, key);
      if (!held) return 'wait';
      if (held.fingerprint !== fingerprint) throw keyReused();
      if (held.status === null || held.body === null) return 'wait';
      return { kind: 'repeat', status: held.status, contentType: held.contentType, body: held.body };
    });
    if (outcome !== 'wait') return outcome;
    if (Date.now() > deadline) throw stillRunning();
    await sleep(POLL_MS);
  }
}

/** Keeps the first request's answer for its repeats; an answer a retry might mend (429, 5xx) lets the key go instead. */
export async function finish(deps: { db: Database }, shopId: string, key: string, answer: { status: number; contentType: string | null; body: string | null }) {
  await deps.db.tenant(shopId, async (tx) => {
    if (answer.body === null || answer.status === 429 || answer.status >= 500) await q.release(tx, shopId, key);
    else await q.complete(tx, shopId, key, { status: answer.status, contentType: answer.contentType, body: answer.body });
  });
}

const keyReused = () =>
  new DomainError(
    'idempotency_key_reused',
    'Idempotency key reused',
    'This Idempotency-Key was already used with a different request; send a new key for a new request.',
    {
      errors: [{ path: 'Idempotency-Key', message: 'Already used with a different request' }],
    },
  );

const stillRunning = () =>
  new DomainError(
    'idempotency_in_progress',
    'Still working on it',
    'The first request with this Idempotency-Key is still being answered; try again in a moment.',
    {
      retryAfterSeconds: 1,
    },
  );
