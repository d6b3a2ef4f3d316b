import { and, asc, count, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { customers, enquiries, enquiryImages, enquiryReplies, jobs, shops, users } from '../../db/schema/index.js';
import { formatReference } from '../../domain/reference.js';

export const formatEnquiryReference = (n: number) => formatReference('ENQ', n);

export type EnquiryRow = typeof enquiries.$inferSelect;
export type NewEnquiry = typeof enquiries.$inferInsert;
export type NewEnquiryImage = typeof enquiryImages.$inferInsert;

/** The shop behind a public address, looked up before its tenant is known. */
export async function shopBySlug(tx: Tx, slug: string) {
  const [row] = await tx
    .select({
      id: shops.id,
      name: shops.name,
      slug: shops.slug,
      country: shops.country,
      logoUrl: shops.logoUrl,
      currency: shops.currency,
      locale: shops.locale,
    })
    .from(shops)
    .where(eq(shops.slug, slug));
  return row;
}

/** How the shop writes an amount: its currency and locale. */
export async function shopMoney(tx: Tx, shopId: string) {
  const [row] = await tx.select({ currency: shops.currency, locale: shops.locale }).from(shops).where(eq(shops.id, shopId));
  return row ?? { currency: 'GBP', locale: 'en-GB' };
}

export async function shopSlug(tx: Tx, shopId: string) {
  const [row] = await tx.select({ slug: shops.slug, name: shops.name }).from(shops).where(eq(shops.id, shopId));
  return row;
}

export async function insertEnquiry(tx: Tx, row: NewEnquiry) {
  const [made] = await tx.insert(enquiries).values(row).returning({ id: enquiries.id });
  if (!made) throw new Error('enquiry insert returned nothing');
  return made;
}

export async function insertImages(tx: Tx, rows: NewEnquiryImage[]) {
  if (rows.length > 0) await tx.insert(enquiryImages).values(rows);
}

const summaryColumns = {
  enquiry: enquiries,
  imageCount: sql<number>`(select count(*)::int from enquiry_images i where i.shop_id = ${enquiries.shopId} and i.enquiry_id = ${enquiries.id})`,
  jobReference: jobs.reference,
};

export async function listEnquiries(tx: Tx, shopId: string, status?: EnquiryRow['status']) {
  return tx
    .select(summaryColumns)
    .from(enquiries)
    .leftJoin(jobs, and(eq(jobs.shopId, enquiries.shopId), eq(jobs.id, enquiries.jobId)))
    .where(and(eq(enquiries.shopId, shopId), status ? eq(enquiries.status, status) : undefined))
    .orderBy(desc(enquiries.createdAt), desc(enquiries.number))
    .limit(500);
}

export async function findEnquiry(tx: Tx, shopId: string, id: string) {
  const [row] = await tx
    .select(summaryColumns)
    .from(enquiries)
    .leftJoin(jobs, and(eq(jobs.shopId, enquiries.shopId), eq(jobs.id, enquiries.jobId)))
    .where(and(eq(enquiries.shopId, shopId), eq(enquiries.id, id)));
  return row;
}

/**
 * Takes the enquiry's row lock (waiting for a transaction that holds it). Alone in its statement, so
 * the read after it is a new snapshot: it sees the job another transaction made while this one waited.
 */
export async function lockEnquiry(tx: Tx, shopId: string, id: string) {
  const [row] = await tx
    .select({ id: enquiries.id })
    .from(enquiries)
    .where(and(eq(enquiries.shopId, shopId), eq(enquiries.id, id)))
    .for('update');
  return row !== undefined;
}

export async function imagesOf(tx: Tx, shopId: string, enquiryId: string) {
  return tx
    .select()
    .from(enquiryImages)
    .where(and(eq(enquiryImages.shopId, shopId), eq(enquiryImages.enquiryId, enquiryId)))
    .orderBy(asc(enquiryImages.createdAt), asc(enquiryImages.id));
}

export async function findImage(tx: Tx, shopId: string, enquiryId: string, imageId: string) {
  const [row] = await tx
    .select()
    .from(enquiryImages)
    .where(and(eq(enquiryImages.shopId, shopId), eq(enquiryImages.enquiryId, enquiryId), eq(enquiryImages.id, imageId)));
  return row;
}

export async function repliesOf(tx: Tx, shopId: string, enquiryId: string) {
  return tx
    .select({ id: enquiryReplies.id, body: enquiryReplies.body, authorName: users.name, createdAt: enquiryReplies.createdAt })
    .from(enquiryReplies)
    .leftJoin(users, eq(users.id, enquiryReplies.authorId))
    .where(and(eq(enquiryReplies.shopId, shopId), eq(enquiryReplies.enquiryId, enquiryId)))
    .orderBy(asc(enquiryReplies.createdAt));
}

export async function insertReply(tx: Tx, row: typeof enquiryReplies.$inferInsert) {
  const [made] = await tx.insert(enquiryReplies).values(row).returning({ id: enquiryReplies.id });
  if (!made) throw new Error('reply insert returned nothing');
  return made;
}

export async function markRead(tx: Tx, shopId: string, id: string, at: Date) {
  await tx
    .update(enquiries)
    .set({ readAt: at })
    .where(and(eq(enquiries.shopId, shopId), eq(enquiries.id, id), isNull(enquiries.readAt)));
}

export async function setEnquiry(tx: Tx, shopId: string, id: string, set: Partial<NewEnquiry>) {
  await tx
    .update(enquiries)
    .set(set)
    .where(and(eq(enquiries.shopId, shopId), eq(enquiries.id, id)));
}

export async function unreadCount(tx: Tx, shopId: string) {
  const [row] = await tx
    .select({ n: count() })
    .from(enquiries)
    .where(and(eq(enquiries.shopId, shopId), isNull(enquiries.readAt), sql`${enquiries.status} <> 'spam'`));
  return row?.n ?? 0;
}

/** A customer of this shop with this e-mail (any case) or this E.164 phone; the oldest first. */
/** The shop's customers with the enquiry's e-mail or phone, the oldest first, each saying whether the e-mail is what matched. */
export async function customersByContact(tx: Tx, shopId: string, email: string | null, phone: string | null) {
  if (!email && !phone) return [];
  const byEmail = email ? sql`lower(${customers.email}) = ${email.toLowerCase()}` : sql`false`;
  const byPhone = phone ? sql`${customers.phone} = ${phone}` : sql`false`;
  return tx
    .select({ id: customers.id, name: customers.name, byEmail: sql<boolean>`${byEmail}` })
    .from(customers)
    .where(and(eq(customers.shopId, shopId), sql`(${byEmail} or ${byPhone})`))
    .orderBy(asc(customers.createdAt))
    .limit(10);
}
