/**
 * Provenance passports as rules: the public number, what is signed for a passport and for each of its
 * events, the hash chain, and the verdict. Pure: signing and checking signatures happen elsewhere
 * (modules/passports/signing.ts); this decides what must hold.
 */

export const passportVisibilities = ['public', 'private'] as const;
export type PassportVisibility = (typeof passportVisibilities)[number];

export const passportEventKinds = [
  'issued',
  'repaired',
  'resized',
  'stone_replaced',
  'serviced',
  'appraised',
  'ownership_transferred',
  'reported_stolen',
  'reported_lost',
  'recovered',
] as const;
export type PassportEventKind = (typeof passportEventKinds)[number];

/** What staff may add by hand: issuing happens once, at issue, and a transfer only by the new owner's claim. */
export const staffEventKinds = ['repaired', 'resized', 'stone_replaced', 'serviced', 'appraised', 'reported_stolen', 'reported_lost', 'recovered'] as const;
export type StaffEventKind = (typeof staffEventKinds)[number];

/** What a job linked to a passport may add when the piece goes back to its owner: the work done on it. */
export const linkedJobEventKinds = ['repaired', 'resized', 'stone_replaced', 'serviced', 'appraised'] as const satisfies readonly StaffEventKind[];
export type LinkedJobEventKind = (typeof linkedJobEventKinds)[number];

export const eventLabels: Record<PassportEventKind, string> = {
  issued: 'Passport issued',
  repaired: 'Repaired',
  resized: 'Resized',
  stone_replaced: 'Stone replaced',
  serviced: 'Serviced',
  appraised: 'Appraised',
  ownership_transferred: 'Ownership transferred',
  reported_stolen: 'Reported stolen',
  reported_lost: 'Reported lost',
  recovered: 'Recovered',
};

/** `LP-` and nine digits: a billion numbers, drawn at random, so a shop's numbers say nothing of each other. */
export const PASSPORT_NUMBER = /^LP-\d{9}$/;

/** The number from nine random bytes' worth of entropy: uniform over 000000000..999999999 by rejection. */
export function passportNumberFrom(random: () => number): string {
  // `random` answers an unsigned 32-bit integer; values at or above the largest multiple of 1e9 are redrawn.
  const limit = Math.floor(2 ** 32 / 1e9) * 1e9;
  for (;;) {
    const n = random();
    if (n < limit) return `LP-${String(n % 1e9).padStart(9, '0')}`;
  }
}

/** What someone types or scans: `lp 123 456 789`, `LP-123456789`, or a UUID. */
export function parsePassportLookup(text: string): { number: string } | { id: string } | null {
  const t = text.trim();
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(t)) return { id: t.toLowerCase() };
  const digits = t.replace(/^lp[\s-]*/i, '').replace(/[\s-]/g, '');
  if (/^\d{9}$/.test(digits)) return { number: `LP-${digits}` };
  return null;
}

/** The one-time transfer code the owner is given: 12 characters of an alphabet with no look-alikes, in groups of four. */
export const TRANSFER_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export function transferCodeFrom(bytes: Uint8Array): string {
  const chars = Array.from(bytes.slice(0, 12), (b) => TRANSFER_ALPHABET[b % TRANSFER_ALPHABET.length]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}
/** What the new owner types, in any case and with or without dashes or spaces. */
export function normaliseTransferCode(text: string): string | null {
  const c = text.toUpperCase().replace(/[\s-]/g, '');
  if (c.length !== 12 || [...c].some((ch) => !TRANSFER_ALPHABET.includes(ch))) return null;
  return `${c.slice(0, 4)}-${c.slice(4, 8)}-${c.slice(8, 12)}`;
}

export interface PassportStone {
  kind: string;
  shape: string | null;
  carat: number | null;
  colour: string | null;
  clarity: string | null;
  certificateLab: string | null;
  certificateNumber: string | null;
  inscription: string | null;
}

export interface PassportFacts {
  id: string;
  number: string;
  shopId: string;
  shopName: string;
  version: number;
  title: string;
  jewelleryType: string | null;
  metal: string | null;
  fineness: string | null;
  hallmarks: string | null;
  weightGrams: number | null;
  measurements: string | null;
  maker: string | null;
  madeOn: string | null;
  madeElsewhere: boolean;
  stones: readonly PassportStone[];
  photoIds: readonly string[];
  issuedAt: string;
}

/** The claims a passport version's signature covers: the piece and who issued it; never the owner. */
export function passportClaims(p: PassportFacts) {
  return {
    typ: 'passport',
    sub: p.id,
    num: p.number,
    iss: p.shopId,
    shop: p.shopName,
    ver: p.version,
    piece: {
      title: p.title,
      type: p.jewelleryType,
      metal: p.metal,
      fineness: p.fineness,
      hallmarks: p.hallmarks,
      weightGrams: p.weightGrams,
      measurements: p.measurements,
      maker: p.maker,
      madeOn: p.madeOn,
      madeElsewhere: p.madeElsewhere,
    },
    stones: p.stones.map((s) => ({ ...s })),
    photos: [...p.photoIds],
    iat: p.issuedAt,
  };
}

export interface EventFacts {
  passportId: string;
  seq: number;
  kind: PassportEventKind;
  occurredOn: string;
  note: string | null;
  /** For an appraisal: a digest of the value (and a salt), so the value can stay hidden yet cannot be changed. */
  valueDigest: string | null;
  prevHash: string;
  recordedAt: string;
}

/** The claims an event's signature covers, with the hash of what came before it. */
export function eventClaims(e: EventFacts) {
  return {
    typ: 'passport-event',
    sub: e.passportId,
    seq: e.seq,
    kind: e.kind,
    on: e.occurredOn,
    note: e.note,
    value: e.valueDigest,
    prev: e.prevHash,
    iat: e.recordedAt,
  };
}

/** JSON with keys in order at every depth: the same facts always make the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** What one signed record was found to be, by the signature check and the comparison with its row. */
export interface RecordCheck {
  /** The signature holds under one of the shop's keys. */
  signatureValid: boolean;
  /** The signed claims are exactly what the row says now. */
  matchesRecord: boolean;
  /** The hash of this record's token, as recomputed. */
  hash: string;
}

export interface EventCheck extends RecordCheck {
  seq: number;
  /** The `prev` the event's claims carry. */
  prev: string | null;
}

export type VerdictProblem = 'passport_signature' | 'passport_altered' | 'event_signature' | 'event_altered' | 'chain_broken' | 'no_issue_event';

export interface Verdict {
  verified: boolean;
  problems: { problem: VerdictProblem; seq?: number }[];
}

/**
 * "Verified" only when the passport's signature holds and matches its row, and every event's does, in
 * order 1..n, each carrying the hash of the one before (the first carries the passport's).
 */
export function verdictOf(passport: RecordCheck, events: readonly EventCheck[]): Verdict {
  const problems: Verdict['problems'] = [];
  if (!passport.signatureValid) problems.push({ problem: 'passport_signature' });
  else if (!passport.matchesRecord) problems.push({ problem: 'passport_altered' });
  if (events.length === 0) problems.push({ problem: 'no_issue_event' });
  let prevHash = passport.hash;
  events.forEach((e, i) => {
    if (!e.signatureValid) problems.push({ problem: 'event_signature', seq: e.seq });
    else if (!e.matchesRecord) problems.push({ problem: 'event_altered', seq: e.seq });
    if (e.seq !== i + 1 || e.prev !== prevHash) problems.push({ problem: 'chain_broken', seq: e.seq });
    prevHash = e.hash;
  });
  return { verified: problems.length === 0, problems };
}

/** Whether the piece is reported missing now: the latest of the reports and recoveries decides. */
export function missingStatus(kinds: readonly PassportEventKind[]): 'stolen' | 'lost' | null {
  for (let i = kinds.length - 1; i >= 0; i--) {
    const k = kinds[i];
    if (k === 'recovered') return null;
    if (k === 'reported_stolen') return 'stolen';
    if (k === 'reported_lost') return 'lost';
  }
  return null;
}

/** The stages of a pipeline at which a job's piece is finished: its ready stage and any main stage after it. */
export function finishedStages(stages: readonly string[], ready: string): readonly string[] {
  const at = stages.indexOf(ready);
  return at < 0 ? [] : stages.slice(at);
}
