import { sql } from 'drizzle-orm';
import { bigint, boolean, check, foreignKey, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { jobKinds } from '../../domain/pipelines.js';
import { jobs, kindCheck, kindStageCheck } from './jobs.js';
import { createdAt, shops, tenantPolicy, users } from './tenancy.js';

export const attachmentJobKinds = jobKinds;
export const attachmentContentTypes = ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif', 'application/pdf'] as const;
export type AttachmentContentType = (typeof attachmentContentTypes)[number];

/**
 * Photos and files on a job, for every kind of job: `job_kind` names the job's pipeline (the foreign
 * key holds it to the job's own) so the stage word is checked against it. The composite key keeps a
 * file in its job's shop.
 * The original stays private; `display` and `thumb` are derived once at upload, without metadata.
 */
export const attachments = pgTable(
  'attachments',
  {
    id: uuid('id').notNull().defaultRandom(),
    /** Insertion order: the photo strip and "latest photo" read it, not the clock. */
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    jobKind: text('job_kind', { enum: attachmentJobKinds }).notNull(),
    jobId: uuid('job_id').notNull(),
    stage: text('stage').notNull(),
    caption: text('caption'),
    customerVisible: boolean('customer_visible').notNull().default(false),
    addedBy: uuid('added_by'),
    createdAt: createdAt(),
    /** Of the original as uploaded, decided from its bytes. */
    contentType: text('content_type', { enum: attachmentContentTypes }).notNull(),
    bytes: bigint('bytes', { mode: 'number' }).notNull(),
    /** Pixel size after auto-orientation (of the first page for a PDF); null when unknown. */
    width: integer('width'),
    height: integer('height'),
    fileName: text('file_name'),
    originalKey: text('original_key').notNull(),
    /** Null for a PDF: its display is the original. */
    displayKey: text('display_key'),
    thumbKey: text('thumb_key').notNull(),
    /** The image type of the thumbnail: JPEG, or PNG for a PDF's first page or tile. */
    thumbContentType: text('thumb_content_type').notNull(),
  },
  (t) => [
    foreignKey({ name: 'attachments_added_by_fk', columns: [t.shopId, t.addedBy], foreignColumns: [users.shopId, users.id] }),
    primaryKey({ name: 'attachments_pkey', columns: [t.shopId, t.id] }),
    // A customer's signed file link names the file alone: the one look-up by id without its shop.
    index('attachments_id_idx').on(t.id),
    foreignKey({ name: 'attachments_job_fk', columns: [t.shopId, t.jobId, t.jobKind], foreignColumns: [jobs.shopId, jobs.id, jobs.kind] }).onDelete('cascade'),
    index('attachments_job_idx').on(t.jobId, t.seq),
    // A job's latest photo, found again when the one its row names is removed (migration 0032's trigger).
    index('attachments_latest_image_idx').on(t.jobId, t.seq.desc()).where(sql`${t.contentType} <> 'application/pdf'`),
    check('attachments_job_kind_known', kindCheck(t.jobKind)),
    check('attachments_stage_check', kindStageCheck(t.jobKind, t.stage)),
    check('attachments_content_type_known', sql`${t.contentType} in ('image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif', 'application/pdf')`),
    check('attachments_bytes_positive', sql`${t.bytes} > 0`),
    check('attachments_caption_length', sql`length(${t.caption}) <= 500`),
    tenantPolicy(t.shopId),
  ],
);

/**
 * Server-wide secrets generated once (the key that signs customers' file links, unless LOUPE_SECRET
 * is set). Row-level security is on with no policy: the tenant role sees nothing; only the owner reads it.
 */
export const serverSecrets = pgTable('server_secrets', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
// Called for its effect, not its return type (which would hide the table's columns from the schema's typing).
serverSecrets.enableRLS();
