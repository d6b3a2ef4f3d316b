import { and, asc, desc, eq, ilike, isNull, max, or } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import {
  attachments,
  customers,
  jobs,
  passportEvents,
  passportJobLinks,
  passportOwners,
  passportPhotos,
  passportRegister,
  passportStones,
  passports,
  passportTransfers,
  shops,
} from '../../db/schema/index.js';

export type PassportRow = typeof passports.$inferSelect;
export type StoneRow = typeof passportStones.$inferSelect;
export type EventRow = typeof passportEvents.$inferSelect;

export async function findPassport(tx: Tx, shopId: string, id: string) {
  const [row] = await tx
    .select()
    .from(passports)
    .where(and(eq(passports.shopId, shopId), eq(passports.id, id)));
  return row;
}

/** The same, holding the row until the transaction ends: appends to its history take turns. */
export async function lockPassport(tx: Tx, shopId: string, id: string) {
  const [row] = await tx
    .select()
    .from(passports)
    .where(and(eq(passports.shopId, shopId), eq(passports.id, id)))
    .for('update');
  return row;
}

export async function passportOfJob(tx: Tx, shopId: string, jobId: string) {
  const [row] = await tx
    .select({ id: passports.id, number: passports.number })
    .from(passports)
    .where(and(eq(passports.shopId, shopId), eq(passports.jobId, jobId)));
  return row;
}

export function listPassports(tx: Tx, shopId: string, filter: { jobId?: string | undefined; q?: string | undefined }) {
  const words = filter.q ? `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  return tx
    .select()
    .from(passports)
    .where(
      and(
        eq(passports.shopId, shopId),
        filter.jobId ? eq(passports.jobId, filter.jobId) : undefined,
        words ? or(ilike(passports.number, words), ilike(passports.title, words)) : undefined,
      ),
    )
    .orderBy(desc(passports.issuedAt))
    .limit(words ? 20 : 500);
}

export function stonesOf(tx: Tx, shopId: string, passportId: string) {
  return tx
    .select()
    .from(passportStones)
    .where(and(eq(passportStones.shopId, shopId), eq(passportStones.passportId, passportId)))
    .orderBy(asc(passportStones.position));
}

export async function photoIdsOf(tx: Tx, shopId: string, passportId: string): Promise<string[]> {
  const rows = await tx
    .select({ id: passportPhotos.attachmentId })
    .from(passportPhotos)
    .where(and(eq(passportPhotos.shopId, shopId), eq(passportPhotos.passportId, passportId)))
    .orderBy(asc(passportPhotos.position));
  return rows.map((r) => r.id);
}

export function eventsOf(tx: Tx, shopId: string, passportId: string) {
  return tx
    .select()
    .from(passportEvents)
    .where(and(eq(passportEvents.shopId, shopId), eq(passportEvents.passportId, passportId)))
    .orderBy(asc(passportEvents.seq));
}

export async function lastEvent(tx: Tx, shopId: string, passportId: string) {
  const [row] = await tx
    .select({ seq: passportEvents.seq, token: passportEvents.token })
    .from(passportEvents)
    .where(and(eq(passportEvents.shopId, shopId), eq(passportEvents.passportId, passportId)))
    .orderBy(desc(passportEvents.seq))
    .limit(1);
  return row;
}

export function ownersOf(tx: Tx, shopId: string, passportId: string) {
  return tx
    .select()
    .from(passportOwners)
    .where(and(eq(passportOwners.shopId, shopId), eq(passportOwners.passportId, passportId)))
    .orderBy(asc(passportOwners.seq));
}

export async function nextOwnerSeq(tx: Tx, shopId: string, passportId: string): Promise<number> {
  const [row] = await tx
    .select({ n: max(passportOwners.seq) })
    .from(passportOwners)
    .where(and(eq(passportOwners.shopId, shopId), eq(passportOwners.passportId, passportId)));
  return (row?.n ?? 0) + 1;
}

export async function openTransfer(tx: Tx, shopId: string, passportId: string) {
  const [row] = await tx
    .select()
    .from(passportTransfers)
    .where(
      and(
        eq(passportTransfers.shopId, shopId),
        eq(passportTransfers.passportId, passportId),
        isNull(passportTransfers.claimedAt),
        isNull(passportTransfers.revokedAt),
      ),
    )
    .orderBy(desc(passportTransfers.createdAt))
    .limit(1);
  return row;
}

/** A job of this shop with what a passport is prefilled from, and its customer. */
export async function jobForPassport(tx: Tx, shopId: string, jobId: string) {
  const [row] = await tx
    .select({
      id: jobs.id,
      kind: jobs.kind,
      stage: jobs.stage,
      reference: jobs.reference,
      title: jobs.title,
      description: jobs.description,
      customerName: customers.name,
      customerEmail: customers.email,
      customerPhone: customers.phone,
      stageChangedAt: jobs.stageChangedAt,
    })
    .from(jobs)
    .innerJoin(customers, and(eq(customers.shopId, jobs.shopId), eq(customers.id, jobs.customerId)))
    .where(and(eq(jobs.shopId, shopId), eq(jobs.id, jobId)));
  return row;
}

/** The job's files its customer may see, oldest first: what a passport's photos are chosen from. */
export function customerVisibleImages(tx: Tx, shopId: string, jobId: string) {
  return tx
    .select({ id: attachments.id, caption: attachments.caption, contentType: attachments.contentType })
    .from(attachments)
    .where(and(eq(attachments.shopId, shopId), eq(attachments.jobId, jobId), eq(attachments.customerVisible, true)))
    .orderBy(asc(attachments.seq));
}

/** Photos still shown: chosen ones that remain customer-visible images, with their captions. */
export function shownPhotos(tx: Tx, shopId: string, passportId: string) {
  return tx
    .select({ id: attachments.id, caption: attachments.caption, contentType: attachments.contentType, displayKey: attachments.displayKey })
    .from(passportPhotos)
    .innerJoin(attachments, and(eq(attachments.shopId, passportPhotos.shopId), eq(attachments.id, passportPhotos.attachmentId)))
    .where(and(eq(passportPhotos.shopId, shopId), eq(passportPhotos.passportId, passportId), eq(attachments.customerVisible, true)))
    .orderBy(asc(passportPhotos.position));
}

export async function shopOf(tx: Tx, shopId: string) {
  const [row] = await tx
    .select({
      name: shops.name,
      currency: shops.currency,
      locale: shops.locale,
      timeZone: shops.timeZone,
      phone: shops.contactPhone,
      email: shops.contactEmail,
      address: shops.address,
      logoUrl: shops.logoUrl,
    })
    .from(shops)
    .where(eq(shops.id, shopId));
  return row;
}

/** Across every shop (the owner's transaction): which shop's passport a number or id names, from the register. */
export async function locate(tx: Tx, by: { number: string } | { id: string }) {
  const [row] = await tx
    .select({ id: passportRegister.passportId, shopId: passportRegister.shopId, number: passportRegister.number })
    .from(passportRegister)
    .where('number' in by ? eq(passportRegister.number, by.number) : eq(passportRegister.passportId, by.id));
  return row;
}

/** The passport a job is linked to, if any: the job's own row. */
export async function linkOfJob(tx: Tx, shopId: string, jobId: string) {
  const [row] = await tx
    .select()
    .from(passportJobLinks)
    .where(and(eq(passportJobLinks.shopId, shopId), eq(passportJobLinks.jobId, jobId)));
  return row;
}

/** Marks the link's event as added, once: false when it had been already (nothing written). */
export async function markLinkEvent(tx: Tx, shopId: string, jobId: string, seq: number): Promise<boolean> {
  const rows = await tx
    .update(passportJobLinks)
    .set({ eventSeq: seq })
    .where(and(eq(passportJobLinks.shopId, shopId), eq(passportJobLinks.jobId, jobId), isNull(passportJobLinks.eventSeq)))
    .returning({ jobId: passportJobLinks.jobId });
  return rows.length === 1;
}

/** A job of this shop, held until the transaction ends: a link and the job's moves take turns. */
export async function lockJob(tx: Tx, shopId: string, jobId: string) {
  const [row] = await tx
    .select({ id: jobs.id, kind: jobs.kind, stage: jobs.stage, reference: jobs.reference, stageChangedAt: jobs.stageChangedAt })
    .from(jobs)
    .where(and(eq(jobs.shopId, shopId), eq(jobs.id, jobId)))
    .for('update');
  return row;
}

/** The jobs linked to a passport, oldest link first. */
export function linksOf(tx: Tx, shopId: string, passportId: string) {
  return tx
    .select({
      jobId: passportJobLinks.jobId,
      eventSeq: passportJobLinks.eventSeq,
      linkedAt: passportJobLinks.linkedAt,
      kind: jobs.kind,
      stage: jobs.stage,
      reference: jobs.reference,
      title: jobs.title,
    })
    .from(passportJobLinks)
    .innerJoin(jobs, and(eq(jobs.shopId, passportJobLinks.shopId), eq(jobs.id, passportJobLinks.jobId)))
    .where(and(eq(passportJobLinks.shopId, shopId), eq(passportJobLinks.passportId, passportId)))
    .orderBy(asc(passportJobLinks.linkedAt));
}
