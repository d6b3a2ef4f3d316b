import { sql } from 'drizzle-orm';
import { boolean, check, foreignKey, index, integer, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { enquiryBudgets } from '../../domain/enquiry-budgets.js';
import { customers } from './customers.js';
import { jobs } from './jobs.js';
import { createdAt, shops, tenantPolicy, updatedAt, users } from './tenancy.js';

export const enquiryTopics = ['bespoke', 'repair', 'valuation', 'appointment'] as const;
export type EnquiryTopic = (typeof enquiryTopics)[number];

export { type EnquiryBudget, enquiryBudgets } from '../../domain/enquiry-budgets.js';

/** new → contacted → booked → completed, plus converted (a job was made of it) and spam. */
export const enquiryStatuses = ['new', 'contacted', 'booked', 'completed', 'converted', 'spam'] as const;
export type EnquiryStatus = (typeof enquiryStatuses)[number];

const list = (words: readonly string[]) => sql.raw(words.map((w) => `'${w}'`).join(', '));

/** What someone asked the shop from its website's enquiry form. */
export const enquiries = pgTable(
  'enquiries',
  {
    id: uuid('id').notNull().defaultRandom(),
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    /** ENQ-0001 within the shop. */
    number: integer('number').notNull(),
    name: text('name').notNull(),
    email: text('email'),
    /** E.164, parsed with the shop's country. */
    phone: text('phone'),
    topic: text('topic', { enum: enquiryTopics }).notNull(),
    description: text('description').notNull(),
    budget: text('budget', { enum: enquiryBudgets }).notNull(),
    consent: boolean('consent').notNull(),
    status: text('status', { enum: enquiryStatuses }).notNull().default('new'),
    /** When staff first opened it; null while it is unread. */
    readAt: timestamp('read_at', { withTimezone: true }),
    customerId: uuid('customer_id'),
    jobId: uuid('job_id'),
    jobKind: text('job_kind'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ name: 'enquiries_pkey', columns: [t.shopId, t.id] }),
    unique('enquiries_shop_number_unique').on(t.shopId, t.number),
    index('enquiries_shop_created_idx').on(t.shopId, t.createdAt),
    index('enquiries_shop_unread_idx').on(t.shopId).where(sql`${t.readAt} is null`),
    foreignKey({ name: 'enquiries_customer_fk', columns: [t.shopId, t.customerId], foreignColumns: [customers.shopId, customers.id] }),
    foreignKey({ name: 'enquiries_job_fk', columns: [t.shopId, t.jobId, t.jobKind], foreignColumns: [jobs.shopId, jobs.id, jobs.kind] }),
    check('enquiries_topic_known', sql`${t.topic} in (${list(enquiryTopics)})`),
    check('enquiries_budget_known', sql`${t.budget} in (${list(enquiryBudgets)})`),
    check('enquiries_status_known', sql`${t.status} in (${list(enquiryStatuses)})`),
    check('enquiries_has_contact', sql`${t.email} is not null or ${t.phone} is not null`),
    check('enquiries_consented', sql`${t.consent}`),
    check('enquiries_name_length', sql`length(btrim(${t.name})) between 1 and 120`),
    check('enquiries_description_length', sql`length(${t.description}) <= 4000`),
    check('enquiries_converted_has_job', sql`(${t.status} = 'converted') = (${t.jobId} is not null)`),
    tenantPolicy(t.shopId),
  ],
);

/** A reference picture sent with an enquiry: typed by its bytes, with derived display and thumbnail images (no EXIF). */
export const enquiryImages = pgTable(
  'enquiry_images',
  {
    id: uuid('id').notNull().defaultRandom(),
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    enquiryId: uuid('enquiry_id').notNull(),
    contentType: text('content_type').notNull(),
    bytes: integer('bytes').notNull(),
    width: integer('width'),
    height: integer('height'),
    fileName: text('file_name'),
    originalKey: text('original_key').notNull(),
    displayKey: text('display_key'),
    thumbKey: text('thumb_key').notNull(),
    thumbContentType: text('thumb_content_type').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'enquiry_images_pkey', columns: [t.shopId, t.id] }),
    foreignKey({ name: 'enquiry_images_enquiry_fk', columns: [t.shopId, t.enquiryId], foreignColumns: [enquiries.shopId, enquiries.id] }).onDelete('cascade'),
    index('enquiry_images_enquiry_idx').on(t.shopId, t.enquiryId),
    tenantPolicy(t.shopId),
  ],
);

/** The shop's answers to an enquiry, each sent on the customer's channel through the outbox. */
export const enquiryReplies = pgTable(
  'enquiry_replies',
  {
    id: uuid('id').notNull().defaultRandom(),
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    enquiryId: uuid('enquiry_id').notNull(),
    body: text('body').notNull(),
    authorId: uuid('author_id'),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({ name: 'enquiry_replies_author_id_fk', columns: [t.shopId, t.authorId], foreignColumns: [users.shopId, users.id] }),
    primaryKey({ name: 'enquiry_replies_pkey', columns: [t.shopId, t.id] }),
    foreignKey({ name: 'enquiry_replies_enquiry_fk', columns: [t.shopId, t.enquiryId], foreignColumns: [enquiries.shopId, enquiries.id] }).onDelete('cascade'),
    index('enquiry_replies_enquiry_idx').on(t.shopId, t.enquiryId, t.createdAt),
    check('enquiry_replies_body_length', sql`length(btrim(${t.body})) between 1 and 2000`),
    tenantPolicy(t.shopId),
  ],
);

/** Proof-of-work challenges already spent on an enquiry: a solved challenge counts once. Kept until it expires. */
export const enquiryChallenges = pgTable(
  'enquiry_challenges',
  {
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    challengeId: text('challenge_id').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.shopId, t.challengeId] }), index('enquiry_challenges_expiry_idx').on(t.expiresAt), tenantPolicy(t.shopId)],
);
