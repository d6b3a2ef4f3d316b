import { createHash, randomBytes } from 'node:crypto';
import type { Tx } from '../../db/client.js';
import { passportEvents } from '../../db/schema/index.js';
import { type EventFacts, eventClaims, type PassportEventKind } from '../../domain/passports.js';
import * as q from './queries.js';
import { type SigningKey, sign, tokenHash } from './signing.js';

/** A passport's history: appending a signed event that carries the hash of the record before it. */

export const valueDigestOf = (cents: number, currency: string, salt: string) => createHash('sha256').update(`${cents}:${currency}:${salt}`).digest('base64url');

export function dayIn(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

export function eventFactsOf(
  e: Pick<q.EventRow, 'passportId' | 'seq' | 'kind' | 'occurredOn' | 'note' | 'valueCents' | 'valueCurrency' | 'valueSalt' | 'prevHash' | 'recordedAt'>,
): EventFacts {
  const digest = e.valueCents !== null && e.valueCurrency && e.valueSalt ? valueDigestOf(e.valueCents, e.valueCurrency, e.valueSalt) : null;
  return {
    passportId: e.passportId,
    seq: e.seq,
    kind: e.kind,
    occurredOn: e.occurredOn,
    note: e.note,
    valueDigest: digest,
    prevHash: e.prevHash,
    recordedAt: e.recordedAt.toISOString(),
  };
}

export interface NewEvent {
  kind: PassportEventKind;
  occurredOn: string;
  note: string | null;
  valueCents: number | null;
  currency: string | null;
}

/**
 * Signs and appends one event; answers its seq. The caller holds the passport's row lock
 * (`lockPassport`), so appends to one history take turns and the chain never forks.
 */
export async function appendEvent(tx: Tx, key: SigningKey, passport: q.PassportRow, input: NewEvent, by: string | null, at: Date): Promise<number> {
  const last = await q.lastEvent(tx, passport.shopId, passport.id);
  const seq = (last?.seq ?? 0) + 1;
  const prevHash = tokenHash(last?.token ?? passport.token);
  const valueSalt = input.valueCents !== null ? randomBytes(16).toString('base64url') : null;
  const row = {
    shopId: passport.shopId,
    passportId: passport.id,
    seq,
    kind: input.kind,
    occurredOn: input.occurredOn,
    note: input.note,
    valueCents: input.valueCents,
    valueCurrency: input.valueCents !== null ? input.currency : null,
    valueSalt,
    prevHash,
    signingKid: key.kid,
    recordedBy: by,
    recordedAt: at,
  };
  const token = await sign(key, eventClaims(eventFactsOf(row)), 'passport-event+jws');
  await tx.insert(passportEvents).values({ ...row, token });
  return seq;
}
