import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  type EventCheck,
  finishedStages,
  missingStatus,
  normaliseTransferCode,
  parsePassportLookup,
  passportNumberFrom,
  transferCodeFrom,
  verdictOf,
} from './passports.js';

describe('passport numbers', () => {
  it('are LP- and nine digits, uniform by rejection of the top of the 32-bit range', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3_999_999_999 }), (n) => {
        expect(passportNumberFrom(() => n)).toMatch(/^LP-\d{9}$/);
      }),
    );
    const draws = [4_294_967_295, 4_000_000_000, 42];
    expect(passportNumberFrom(() => draws.shift() ?? 0)).toBe('LP-000000042');
  });

  it('are read back however typed, and a UUID is a UUID', () => {
    expect(parsePassportLookup(' lp 123 456 789 ')).toEqual({ number: 'LP-123456789' });
    expect(parsePassportLookup('123456789')).toEqual({ number: 'LP-123456789' });
    expect(parsePassportLookup('LP-12345678')).toBeNull();
    expect(parsePassportLookup('0F9A1C2E-1111-4222-8333-444455556666')).toEqual({ id: '0f9a1c2e-1111-4222-8333-444455556666' });
    fc.assert(fc.property(fc.string(), (s) => void parsePassportLookup(s)));
  });
});

describe('transfer codes', () => {
  it('are twelve characters without look-alikes, typed back in any case and spacing', () => {
    const code = transferCodeFrom(new Uint8Array(12).map((_, i) => i * 23));
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
    expect(normaliseTransferCode(code.toLowerCase().replaceAll('-', ' '))).toBe(code);
    expect(normaliseTransferCode('O0O0-I1I1-AAAA')).toBeNull();
    expect(normaliseTransferCode('ABCD')).toBeNull();
  });
});

describe('canonical JSON', () => {
  it('is the same text for the same facts in any key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: null, y: 'x' }], c: true } })).toBe('{"a":{"c":true,"d":[1,{"y":"x","z":null}]},"b":1}');
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (o) => {
        const reversed = Object.fromEntries(Object.entries(o).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(o));
        expect(JSON.parse(canonicalJson(o))).toEqual(JSON.parse(JSON.stringify(o)));
      }),
    );
  });
});

describe('the verdict', () => {
  const head = { signatureValid: true, matchesRecord: true, hash: 'h0' };
  const chain = (n: number): EventCheck[] =>
    Array.from({ length: n }, (_, i) => ({ signatureValid: true, matchesRecord: true, hash: `h${i + 1}`, seq: i + 1, prev: `h${i}` }));

  it('is verified only when every signature, record and link holds', () => {
    expect(verdictOf(head, chain(3))).toEqual({ verified: true, problems: [] });
    expect(verdictOf({ ...head, signatureValid: false }, chain(1)).problems).toEqual([{ problem: 'passport_signature' }]);
    expect(verdictOf({ ...head, matchesRecord: false }, chain(1)).problems).toEqual([{ problem: 'passport_altered' }]);
    expect(verdictOf(head, []).problems).toEqual([{ problem: 'no_issue_event' }]);
    const altered = chain(3).map((e) => (e.seq === 2 ? { ...e, matchesRecord: false } : e));
    expect(verdictOf(head, altered).problems).toEqual([{ problem: 'event_altered', seq: 2 }]);
    const missingMiddle = chain(3).filter((e) => e.seq !== 2);
    expect(verdictOf(head, missingMiddle).verified).toBe(false);
    const reordered = [...chain(3)].reverse();
    expect(verdictOf(head, reordered).verified).toBe(false);
  });
});

describe('missing and finished', () => {
  it('takes the latest report or recovery', () => {
    expect(missingStatus(['issued', 'reported_lost'])).toBe('lost');
    expect(missingStatus(['issued', 'reported_lost', 'reported_stolen'])).toBe('stolen');
    expect(missingStatus(['issued', 'reported_stolen', 'recovered', 'serviced'])).toBeNull();
    expect(missingStatus(['issued'])).toBeNull();
  });

  it('counts a pipeline’s ready stage and the main stages after it as finished', () => {
    expect(finishedStages(['a', 'b', 'ready', 'collected'], 'ready')).toEqual(['ready', 'collected']);
    expect(finishedStages(['a'], 'ready')).toEqual([]);
  });
});
