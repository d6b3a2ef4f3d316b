import { createHmac } from 'node:crypto';
import { type Challenge, createChallenge, randomInt, verifySolution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { sql } from 'drizzle-orm';
import type { Database, Tx } from '../../db/client.js';
import { DomainError } from '../../domain/errors.js';
import { linkKey } from '../attachments/links.js';

/** How hard the proof of work is: PBKDF2 rounds per try, and the most tries a solver may need. */
export interface Difficulty {
  cost: number;
  maxCounter: number;
  /** How long a challenge may be solved and spent. */
  ttlSeconds: number;
}

/** About a second's work for a phone's browser; nothing for one person, a lot for a thousand posts. */
export const defaultDifficulty: Difficulty = { cost: 1_000, maxCounter: 2_000, ttlSeconds: 20 * 60 };

const ALGORITHM = 'PBKDF2/SHA-256';

export const challengeRefused = (detail: string) =>
  new DomainError('validation_failed', 'Check failed', detail, { errors: [{ path: 'altcha', message: detail }] });

const secrets = new WeakMap<Database, Promise<{ challenge: string; key: string }>>();

/** Two HMAC secrets derived from the server's secret (LOUPE_SECRET, else the one kept in the database). */
function secretsOf(deps: { db: Database; config: { secret?: string | undefined } }) {
  let s = secrets.get(deps.db);
  if (!s) {
    s = linkKey(deps).then((root) => ({
      challenge: createHmac('sha256', root).update('loupe:enquiry-challenge:v1').digest('hex'),
      key: createHmac('sha256', root).update('loupe:enquiry-challenge-key:v1').digest('hex'),
    }));
    s.catch(() => secrets.delete(deps.db));
    secrets.set(deps.db, s);
  }
  return s;
}

interface Payload {
  challenge: Challenge;
  solution: { counter: number; derivedKey: string; time?: number };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function parsePayload(text: string): Payload | null {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64').toString('utf8'));
  } catch {
    return null;
  }
  if (!isRecord(value) || !isRecord(value.challenge) || !isRecord(value.solution)) return null;
  const { challenge, solution } = value;
  if (!isRecord(challenge.parameters) || typeof challenge.signature !== 'string') return null;
  const p = challenge.parameters;
  if (typeof p.algorithm !== 'string' || typeof p.nonce !== 'string' || typeof p.salt !== 'string' || typeof p.cost !== 'number') return null;
  if (typeof p.keyLength !== 'number' || typeof p.keyPrefix !== 'string') return null;
  if (typeof solution.counter !== 'number' || typeof solution.derivedKey !== 'string') return null;
  return value as unknown as Payload;
}

/** A challenge for one shop's enquiries. */
export type ShopChallenge = Challenge & { parameters: Challenge['parameters'] & { data: { shop: string } } };

/**
 * Expiry is by the real clock (the library's verification reads it too), not the app's Clock.
 *
 * The self-hosted proof of work (ALTCHA): a challenge signed for one shop, solved in the visitor's
 * browser, verified here, and spent once: a replayed solution is refused.
 */
export class EnquiryChallenges {
  constructor(
    private readonly deps: { db: Database; config: { secret?: string | undefined } },
    readonly difficulty: Difficulty = defaultDifficulty,
  ) {}

  async create(shopId: string): Promise<ShopChallenge> {
    const s = await secretsOf(this.deps);
    const expiresAt = Math.floor(Date.now() / 1000) + this.difficulty.ttlSeconds;
    const challenge = await createChallenge({
      algorithm: ALGORITHM,
      cost: this.difficulty.cost,
      counter: randomInt(this.difficulty.maxCounter, Math.min(100, this.difficulty.maxCounter)),
      deriveKey,
      expiresAt,
      data: { shop: shopId },
      hmacSignatureSecret: s.challenge,
      hmacKeySignatureSecret: s.key,
    });
    // The library types `data` loosely; it is the shop's id, as signed above.
    return { ...challenge, parameters: { ...challenge.parameters, data: { shop: shopId } } };
  }

  /** Checks the payload the widget posted: signed by us, for this shop, not expired, solved. Answers what `spendIn` records. */
  async verify(shopId: string, text: string | undefined): Promise<SolvedChallenge> {
    if (!text) throw challengeRefused('Wait for the check below the form to finish, then send again.');
    const payload = parsePayload(text);
    if (!payload) throw challengeRefused('The check did not come through; reload the page and try again.');
    const { parameters } = payload.challenge;
    if (parameters.algorithm !== ALGORITHM || parameters.data?.shop !== shopId) {
      throw challengeRefused('The check was for another form; reload the page and try again.');
    }
    const expiresAt = parameters.expiresAt ?? 0;
    if (expiresAt * 1000 <= Date.now()) throw challengeRefused('The check expired; reload the page and try again.');
    const s = await secretsOf(this.deps);
    let verified = false;
    try {
      const result = await verifySolution({
        challenge: payload.challenge,
        solution: payload.solution,
        deriveKey,
        hmacSignatureSecret: s.challenge,
        hmacKeySignatureSecret: s.key,
      });
      verified = result.verified;
    } catch {
      verified = false;
    }
    if (!verified) throw challengeRefused('The check did not pass; reload the page and try again.');
    return { nonce: parameters.nonce, expiresAt };
  }
}

export interface SolvedChallenge {
  nonce: string;
  expiresAt: number;
}

/**
 * Spends a verified challenge inside the transaction that stores what it paid for: a second use (a
 * replay, or the same payload posted twice at once) finds it spent and is refused, and nothing is kept.
 */
export async function spendIn(tx: Tx, shopId: string, solved: SolvedChallenge): Promise<void> {
  await tx.execute(sql`delete from enquiry_challenges where shop_id = ${shopId} and expires_at < now()`);
  const res = await tx.execute(sql`
    insert into enquiry_challenges (shop_id, challenge_id, expires_at)
    values (${shopId}, ${solved.nonce}, to_timestamp(${solved.expiresAt}))
    on conflict do nothing
    returning challenge_id`);
  if ((res as unknown as { rows: unknown[] }).rows.length === 0) {
    throw challengeRefused('This form was already sent; reload the page to send another enquiry.');
  }
}
