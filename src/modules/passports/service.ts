import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { Database, Tx } from '../../db/client.js';
import { passportJobLinks, passportOwners, passportPhotos, passportRegister, passportStones, passports, passportTransfers } from '../../db/schema/index.js';
import type { Actor } from '../../domain/actor.js';
import type { Clock } from '../../domain/clock.js';
import { DomainError, invalidField, notFound } from '../../domain/errors.js';
import {
  canonicalJson,
  type EventCheck,
  eventClaims,
  eventLabels,
  finishedStages,
  missingStatus,
  normaliseTransferCode,
  type PassportFacts,
  passportClaims,
  passportNumberFrom,
  type RecordCheck,
  transferCodeFrom,
  type Verdict,
  verdictOf,
} from '../../domain/passports.js';
import { staffFileUrl } from '../attachments/links.js';
import { pipelineOf } from '../jobs/registry.js';
import type { SecretBox } from '../notifications/secret-box.js';
import { appendEvent, dayIn, eventFactsOf } from './history.js';
import { recordLinkedJobEvent } from './linked-jobs.js';
import * as q from './queries.js';
import type { EventBody, IssueBody, LinkBody, ListQuery, PassportDetail, PatchBody } from './schemas.js';
import { shopPublicKeys, sign, signingKeyOf, tokenHash, verifiedPayload } from './signing.js';

export interface PassportDeps {
  db: Database;
  clock: Clock;
  box: SecretBox;
  config: { publicUrl: string };
}

/** A transfer code stays open this long. */
export const TRANSFER_TTL_DAYS = 30;

export const verifyUrlOf = (publicUrl: string, number: string) => `${publicUrl}/verify/${number}`;

const hashCode = (code: string) => createHash('sha256').update(`loupe:passport-transfer:${code}`).digest('base64url');
/** Numeric columns keep three places: what is signed is what the database gives back. */
const thousandths = (n: number | null | undefined) => (n === null || n === undefined ? null : Math.round(n * 1000) / 1000);

// ---------------------------------------------------------------- facts and checks

function factsOf(p: q.PassportRow, stones: readonly q.StoneRow[], photoIds: readonly string[]): PassportFacts {
  return {
    id: p.id,
    number: p.number,
    shopId: p.shopId,
    shopName: p.issuerName,
    version: p.version,
    title: p.title,
    jewelleryType: p.jewelleryType,
    metal: p.metal,
    fineness: p.fineness,
    hallmarks: p.hallmarks,
    weightGrams: p.weightGrams,
    measurements: p.measurements,
    maker: p.maker,
    madeOn: p.madeOn,
    madeElsewhere: p.madeElsewhere,
    stones: stones.map((s) => ({
      kind: s.kind,
      shape: s.shape,
      carat: s.carat,
      colour: s.colour,
      clarity: s.clarity,
      certificateLab: s.certificateLab,
      certificateNumber: s.certificateNumber,
      inscription: s.inscription,
    })),
    photoIds,
    issuedAt: p.issuedAt.toISOString(),
  };
}

async function checkRecord(token: string, claims: unknown, keys: Parameters<typeof verifiedPayload>[1]): Promise<RecordCheck & { payload: unknown }> {
  const text = await verifiedPayload(token, keys);
  let payload: unknown = null;
  try {
    payload = text === null ? null : JSON.parse(text);
  } catch {
    payload = null;
  }
  return { signatureValid: text !== null, matchesRecord: text !== null && text === canonicalJson(claims), hash: tokenHash(token), payload };
}

export interface LoadedPassport {
  passport: q.PassportRow;
  stones: q.StoneRow[];
  photoIds: string[];
  events: q.EventRow[];
  verdict: Verdict;
}

/** Everything about one passport, and whether every signature and hash holds against the shop's published keys. */
export async function loadChecked(tx: Tx, shopId: string, passport: q.PassportRow): Promise<LoadedPassport> {
  const stones = await q.stonesOf(tx, shopId, passport.id);
  const photoIds = await q.photoIdsOf(tx, shopId, passport.id);
  const events = await q.eventsOf(tx, shopId, passport.id);
  const keys = await shopPublicKeys(tx, shopId);
  const head = await checkRecord(passport.token, passportClaims(factsOf(passport, stones, photoIds)), keys);
  const checks: EventCheck[] = [];
  for (const e of events) {
    const c = await checkRecord(e.token, eventClaims(eventFactsOf(e)), keys);
    const prev = typeof c.payload === 'object' && c.payload !== null && 'prev' in c.payload && typeof c.payload.prev === 'string' ? c.payload.prev : null;
    // The row's own prev_hash is what the row says; the signed claims must agree with it (matchesRecord).
    checks.push({ ...c, seq: e.seq, prev: c.matchesRecord ? e.prevHash : prev });
  }
  return { passport, stones, photoIds, events, verdict: verdictOf(head, checks) };
}

// ---------------------------------------------------------------- staff use-cases

async function loadPassport(tx: Tx, actor: Actor, id: string) {
  const row = await q.findPassport(tx, actor.shopId, id);
  if (!row) throw notFound('Passport');
  return row;
}

async function eligibility(tx: Tx, shopId: string, jobId: string) {
  const job = await q.jobForPassport(tx, shopId, jobId);
  if (!job) throw notFound('Job');
  const pipeline = pipelineOf(job.kind);
  const finished = pipeline ? finishedStages(pipeline.def.stages, pipeline.def.ready) : [];
  const existing = (await q.passportOfJob(tx, shopId, jobId)) ?? null;
  const reason = existing
    ? `This job already has passport ${existing.number}`
    : finished.includes(job.stage)
      ? null
      : 'A passport is issued once the piece is finished (ready or collected)';
  return { job, existing, reason };
}

export function draftFor(deps: PassportDeps, actor: Actor, jobId: string) {
  return deps.db.tenant(actor.shopId, async (tx) => {
    const { job, existing, reason } = await eligibility(tx, actor.shopId, jobId);
    const shop = await q.shopOf(tx, actor.shopId);
    const pipeline = pipelineOf(job.kind);
    // What the job's own details say of the piece, by the names a passport uses, whichever pipeline it is.
    const details: Record<string, unknown> = {};
    if (pipeline) {
      const t = pipeline.store.details;
      const [row] = await tx
        .select()
        .from(t)
        .where(and(eq(t.shopId, actor.shopId), eq(t.jobId, jobId)));
      Object.assign(details, row ?? {});
    }
    const text = (k: string) => (typeof details[k] === 'string' ? (details[k] as string) : null);
    const photos = (await q.customerVisibleImages(tx, actor.shopId, jobId)).filter((p) => p.contentType.startsWith('image/'));
    return {
      jobId,
      eligible: reason === null,
      reason,
      existing,
      title: job.title,
      jewelleryType: text('jewelleryType') ?? text('itemType'),
      metal: text('metal'),
      hallmarks: text('hallmarks'),
      weightGrams: typeof details.weightGrams === 'number' ? details.weightGrams : null,
      maker: shop?.name ?? null,
      madeOn: dayIn(job.stageChangedAt, shop?.timeZone ?? 'UTC'),
      owner: { name: job.customerName, contact: job.customerEmail ?? job.customerPhone },
      photos: photos.map((p) => ({ id: p.id, caption: p.caption, thumbnailUrl: staffFileUrl(p.id, 'thumb') })),
    };
  });
}

const isUniqueViolation = (err: unknown, constraint: string) => {
  const cause = (err as { cause?: { code?: string; constraint?: string } }).cause;
  return cause?.code === '23505' && cause.constraint === constraint;
};

export function issuePassport(deps: PassportDeps, actor: Actor, input: IssueBody) {
  return deps.db.tenant(actor.shopId, async (tx) => {
    const now = deps.clock.now();
    const shop = await q.shopOf(tx, actor.shopId);
    if (!shop) throw notFound('Shop');
    const photoIds = input.photoIds ?? [];
    if (input.jobId) {
      const { reason } = await eligibility(tx, actor.shopId, input.jobId);
      if (reason) throw invalidField('jobId', reason);
      const allowed = new Set(
        (await q.customerVisibleImages(tx, actor.shopId, input.jobId)).filter((p) => p.contentType.startsWith('image/')).map((p) => p.id),
      );
      const stray = photoIds.find((p) => !allowed.has(p));
      if (stray) throw invalidField('photoIds', 'Photos are chosen from the job’s photos its customer can see');
    } else if (photoIds.length > 0) {
      throw invalidField('photoIds', 'Photos come from a job; a passport issued from scratch has none');
    }
    if (new Set(photoIds).size !== photoIds.length) throw invalidField('photoIds', 'A photo is chosen once');
    const key = await signingKeyOf(tx, deps.box, actor.shopId, now);
    const stones = (input.stones ?? []).map((s, position) => ({
      shopId: actor.shopId,
      position,
      kind: s.kind,
      shape: s.shape ?? null,
      carat: thousandths(s.carat),
      colour: s.colour ?? null,
      clarity: s.clarity ?? null,
      certificateLab: s.certificateLab ?? null,
      certificateNumber: s.certificateNumber ?? null,
      inscription: s.inscription ?? null,
    }));
    const base = {
      id: crypto.randomUUID(),
      shopId: actor.shopId,
      jobId: input.jobId ?? null,
      madeElsewhere: !input.jobId,
      title: input.title,
      jewelleryType: input.jewelleryType ?? null,
      metal: input.metal ?? null,
      fineness: input.fineness ?? null,
      hallmarks: input.hallmarks ?? null,
      weightGrams: thousandths(input.weightGrams),
      measurements: input.measurements ?? null,
      maker: input.maker ?? null,
      madeOn: input.madeOn ?? null,
      visibility: input.visibility ?? 'public',
      showValues: input.showValues ?? false,
      ownerName: input.owner.name,
      ownerContact: input.owner.contact ?? null,
      issuerName: shop.name,
      version: 1,
      signingKid: key.kid,
      issuedBy: actor.userId,
      issuedAt: now,
      createdAt: now,
    };
    let passport: q.PassportRow | undefined;
    for (let attempt = 0; !passport; attempt++) {
      const number = passportNumberFrom(() => randomBytes(4).readUInt32BE(0));
      const withNumber = { ...base, number };
      const token = await sign(
        key,
        passportClaims(
          factsOf(
            { ...withNumber, token: '' },
            stones.map((s) => ({ ...s, passportId: base.id })),
            photoIds,
          ),
        ),
        'passport+jws',
      );
      try {
        // A savepoint: a number drawn twice (one in a billion) is drawn again without losing the transaction.
        // The register holds each number once across every shop.
        [passport] = await tx.transaction(async (sp) => {
          const made = await sp
            .insert(passports)
            .values({ ...withNumber, token })
            .returning();
          await sp.insert(passportRegister).values({ number, passportId: base.id, shopId: actor.shopId });
          return made;
        });
      } catch (err) {
        if (isUniqueViolation(err, 'passports_job_unique')) throw invalidField('jobId', 'This job already has a passport');
        if (!isUniqueViolation(err, 'passport_register_pkey') || attempt >= 4) throw err;
      }
    }
    if (stones.length > 0) await tx.insert(passportStones).values(stones.map((s) => ({ ...s, passportId: base.id })));
    if (photoIds.length > 0)
      await tx.insert(passportPhotos).values(photoIds.map((attachmentId, position) => ({ shopId: actor.shopId, passportId: base.id, position, attachmentId })));
    await tx.insert(passportOwners).values({ shopId: actor.shopId, passportId: base.id, seq: 1, name: base.ownerName, contact: base.ownerContact, since: now });
    await appendEvent(
      tx,
      key,
      passport,
      { kind: 'issued', occurredOn: dayIn(now, shop.timeZone), note: null, valueCents: null, currency: null },
      actor.userId,
      now,
    );
    return detailIn(tx, deps, actor.shopId, passport);
  });
}

export function addEvent(deps: PassportDeps, actor: Actor, id: string, input: EventBody) {
  return deps.db.tenant(actor.shopId, async (tx) => {
    const passport = await q.lockPassport(tx, actor.shopId, id);
    if (!passport) throw notFound('Passport');
    if (input.valueCents !== undefined && input.valueCents !== null && input.kind !== 'appraised')
      throw invalidField('valueCents', 'Only an appraisal records a value');
    const shop = await q.shopOf(tx, actor.shopId);
    const now = deps.clock.now();
    const today = dayIn(now, shop?.timeZone ?? 'UTC');
    if (input.occurredOn && input.occurredOn > today) throw invalidField('occurredOn', 'Must not be in the future');
    const key = await signingKeyOf(tx, deps.box, actor.shopId, now);
    await appendEvent(
      tx,
      key,
      passport,
      {
        kind: input.kind,
        occurredOn: input.occurredOn ?? today,
        note: input.note ?? null,
        valueCents: input.valueCents ?? null,
        currency: shop?.currency ?? null,
      },
      actor.userId,
      now,
    );
    return detailIn(tx, deps, actor.shopId, passport);
  });
}

export function updatePassport(deps: PassportDeps, actor: Actor, id: string, input: PatchBody) {
  return deps.db.tenant(actor.shopId, async (tx) => {
    const passport = await loadPassport(tx, actor, id);
    const set: Partial<q.PassportRow> = {};
    if (input.visibility !== undefined) set.visibility = input.visibility;
    if (input.showValues !== undefined) set.showValues = input.showValues;
    if (input.ownerContact !== undefined) set.ownerContact = input.ownerContact ?? null;
    // None of these is signed: who may see the record, and how to reach its owner, are the shop's to change.
    if (Object.keys(set).length > 0)
      await tx
        .update(passports)
        .set(set)
        .where(and(eq(passports.shopId, actor.shopId), eq(passports.id, id)));
    return detailIn(tx, deps, actor.shopId, { ...passport, ...set });
  });
}

/** A one-time code for the owner to hand on: shown once, only its hash kept; a new one replaces the open one. */
export function createTransferCode(deps: PassportDeps, actor: Actor, id: string) {
  return deps.db.tenant(actor.shopId, async (tx) => {
    const passport = await q.lockPassport(tx, actor.shopId, id);
    if (!passport) throw notFound('Passport');
    const now = deps.clock.now();
    await tx
      .update(passportTransfers)
      .set({ revokedAt: now })
      .where(
        and(
          eq(passportTransfers.shopId, actor.shopId),
          eq(passportTransfers.passportId, id),
          isNull(passportTransfers.claimedAt),
          isNull(passportTransfers.revokedAt),
        ),
      );
    const code = transferCodeFrom(randomBytes(12));
    const expiresAt = new Date(now.getTime() + TRANSFER_TTL_DAYS * 86_400_000);
    await tx.insert(passportTransfers).values({ shopId: actor.shopId, passportId: id, codeHash: hashCode(code), createdAt: now, expiresAt });
    return { code, expiresAt };
  });
}

export function getPassport(deps: PassportDeps, actor: Actor, id: string) {
  return deps.db.tenant(actor.shopId, async (tx) => detailIn(tx, deps, actor.shopId, await loadPassport(tx, actor, id)));
}

export function listPassports(deps: PassportDeps, actor: Actor, query: ListQuery) {
  return deps.db.tenant(actor.shopId, async (tx) => ({ items: await q.listPassports(tx, actor.shopId, query) }));
}

// ---------------------------------------------------------------- jobs linked to a passport

/** What collecting a job of this pipeline adds to a passport, in words for staff; null: nothing. */
function addsOf(kind: string) {
  const def = pipelineOf(kind)?.def;
  const declared = def?.passportEvent;
  return declared && def ? { kind: declared.kind, label: eventLabels[declared.kind], on: declared.on, onLabel: def.labels[declared.on] ?? declared.on } : null;
}

/**
 * Links a job of this shop (any pipeline) to a passport: collecting it adds the event its pipeline
 * declares. A job already collected adds it now. Holds the job's row, so a link and a move take turns.
 */
export function linkJob(deps: PassportDeps, actor: Actor, id: string, input: LinkBody) {
  return deps.db.tenant(actor.shopId, async (tx) => {
    const passport = await loadPassport(tx, actor, id);
    const job = await q.lockJob(tx, actor.shopId, input.jobId);
    if (!job) throw notFound('Job');
    if (passport.jobId === job.id) throw invalidField('jobId', 'This passport was issued from this job');
    const existing = await q.linkOfJob(tx, actor.shopId, job.id);
    if (existing && existing.passportId !== passport.id) {
      const other = await q.findPassport(tx, actor.shopId, existing.passportId);
      throw invalidField('jobId', `This job is already linked to passport ${other?.number ?? ''}`.trim());
    }
    if (!existing) {
      const now = deps.clock.now();
      await tx.insert(passportJobLinks).values({ shopId: actor.shopId, jobId: job.id, passportId: passport.id, linkedBy: actor.userId, linkedAt: now });
      const pipeline = pipelineOf(job.kind);
      if (pipeline) await recordLinkedJobEvent(tx, deps.box, pipeline.store, actor.shopId, job, job.stage, actor.userId, now, job.stageChangedAt);
    }
    return detailIn(tx, deps, actor.shopId, (await q.findPassport(tx, actor.shopId, id)) ?? passport);
  });
}

/** Undoes a link made in error, while the job has added nothing: the history is append-only. */
export function unlinkJob(deps: PassportDeps, actor: Actor, id: string, jobId: string) {
  return deps.db.tenant(actor.shopId, async (tx) => {
    const passport = await loadPassport(tx, actor, id);
    const job = await q.lockJob(tx, actor.shopId, jobId);
    const link = job ? await q.linkOfJob(tx, actor.shopId, jobId) : undefined;
    if (!link || link.passportId !== passport.id) throw notFound('Linked job');
    if (link.eventSeq !== null) throw invalidField('jobId', 'This job has added its event to the history, which is kept as it is');
    await tx.delete(passportJobLinks).where(and(eq(passportJobLinks.shopId, actor.shopId), eq(passportJobLinks.jobId, jobId)));
    return detailIn(tx, deps, actor.shopId, passport);
  });
}

/** The job page's view: the passport this job is linked to, if any, and what collecting it adds. */
export function jobLink(deps: PassportDeps, actor: Actor, jobId: string) {
  return deps.db.tenant(actor.shopId, async (tx) => {
    const job = await q.jobForPassport(tx, actor.shopId, jobId);
    if (!job) throw notFound('Job');
    const link = await q.linkOfJob(tx, actor.shopId, jobId);
    const passport = link ? await q.findPassport(tx, actor.shopId, link.passportId) : undefined;
    return {
      jobId,
      passport: passport ? { id: passport.id, number: passport.number, title: passport.title } : null,
      eventSeq: link?.eventSeq ?? null,
      adds: addsOf(job.kind),
    };
  });
}

const eventView = (e: q.EventRow) => ({
  seq: e.seq,
  kind: e.kind,
  label: eventLabels[e.kind],
  occurredOn: e.occurredOn,
  note: e.note,
  valueCents: e.valueCents,
  valueCurrency: e.valueCurrency,
  recordedAt: e.recordedAt,
});

async function detailIn(tx: Tx, deps: PassportDeps, shopId: string, passport: q.PassportRow): Promise<PassportDetail> {
  const loaded = await loadChecked(tx, shopId, passport);
  const photos = await q.shownPhotos(tx, shopId, passport.id);
  const owners = await q.ownersOf(tx, shopId, passport.id);
  const open = await q.openTransfer(tx, shopId, passport.id);
  const now = deps.clock.now();
  return {
    ...passport,
    stones: loaded.stones,
    photos: photos.map((p) => ({ id: p.id, caption: p.caption, thumbnailUrl: staffFileUrl(p.id, 'thumb') })),
    events: loaded.events.map(eventView),
    owners: owners.map((o) => ({ seq: o.seq, name: o.name, contact: o.contact, since: o.since })),
    missing: missingStatus(loaded.events.map((e) => e.kind)),
    verified: loaded.verdict.verified,
    verifyUrl: verifyUrlOf(deps.config.publicUrl, passport.number),
    openTransfer: open && open.expiresAt > now ? { expiresAt: open.expiresAt } : null,
    linkedJobs: (await q.linksOf(tx, shopId, passport.id)).map((l) => {
      const pipeline = pipelineOf(l.kind);
      return {
        jobId: l.jobId,
        kind: l.kind,
        reference: l.reference,
        title: l.title,
        stage: l.stage,
        stageLabel: pipeline?.def.labels[l.stage] ?? l.stage,
        staffPath: `${pipeline?.staffPath ?? ''}/${l.jobId}`,
        eventSeq: l.eventSeq,
        linkedAt: l.linkedAt,
        adds: addsOf(l.kind),
      };
    }),
  };
}

// ---------------------------------------------------------------- the new owner's claim (public)

/** The one answer for a code that does not open a transfer: wrong, used, replaced or expired. */
export const transferRefused = () =>
  invalidField('code', 'That transfer code is not valid for this passport: it may be mistyped, already used or expired. Ask the owner for a new one.');

export function claimTransfer(deps: PassportDeps, shopId: string, passportId: string, input: { code: string; name: string; contact: string | null }) {
  return deps.db.tenant(shopId, async (tx) => {
    const code = normaliseTransferCode(input.code);
    if (!code) throw transferRefused();
    const passport = await q.lockPassport(tx, shopId, passportId);
    if (!passport) throw notFound('Passport');
    const open = await q.openTransfer(tx, shopId, passportId);
    const now = deps.clock.now();
    if (!open || open.expiresAt <= now || open.codeHash !== hashCode(code)) throw transferRefused();
    await tx.update(passportTransfers).set({ claimedAt: now }).where(eq(passportTransfers.id, open.id));
    const seq = await q.nextOwnerSeq(tx, shopId, passportId);
    await tx.insert(passportOwners).values({ shopId, passportId, seq, name: input.name, contact: input.contact, since: now });
    await tx
      .update(passports)
      .set({ ownerName: input.name, ownerContact: input.contact })
      .where(and(eq(passports.shopId, shopId), eq(passports.id, passportId)));
    const shop = await q.shopOf(tx, shopId);
    const key = await signingKeyOf(tx, deps.box, shopId, now);
    // The public record says an owner changed hands, never who: "to the piece's 2nd owner".
    await appendEvent(
      tx,
      key,
      passport,
      { kind: 'ownership_transferred', occurredOn: dayIn(now, shop?.timeZone ?? 'UTC'), note: `To owner no. ${seq}`, valueCents: null, currency: null },
      null,
      now,
    );
  });
}

export class PassportMiss extends DomainError {
  constructor() {
    super('not_found', 'Not found', 'No passport has that number. Check the number on the certificate and try again.');
  }
}
