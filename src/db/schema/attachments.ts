import { sql } from 'drizzle-orm';
import { bigint, boolean, check, foreignKey, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { bespokePipeline } from '../../domain/bespoke-pipeline.js';
import { repairPipeline } from '../../domain/repair-pipeline.js';
import { bespokeJobs } from './bespoke.js';
import { stageCheck } from './pipeline.js';
import { repairJobs } from './repairs.js';
import { createdAt, shops, tenantPolicy, users } from './tenancy.js';

export const attachmentJobKinds = ['bespoke', 'repair'] as const;
export const attachmentContentTypes = ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif', 'application/pdf'] as const;
export type AttachmentContentType = (typeof attachmentContentTypes)[number];

/**
 * Photos and files on a job, for every kind of job: `job_kind` names the pipeline and exactly one
 * job column is set. The composite key keeps a file in its job's shop.
 * The original stays private; `display` and `thumb` are derived once at upload, without metadata.
 */
export const attachments = pgTable(
  'attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Insertion order: the photo strip and "latest photo" read it, not the clock. */
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    jobKind: text('job_kind', { enum: attachmentJobKinds }).notNull(),
    bespokeJobId: uuid('bespoke_job_id'),
    repairJobId: uuid('repair_job_id'),
    stage: text('stage').notNull(),
    caption: text('caption'),
    customerVisible: boolean('customer_visible').notNull().default(false),
    addedBy: uuid('added_by').references(() => users.id, { onDelete: 'set null' }),
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
    foreignKey({ name: 'attachments_bespoke_job_fk', columns: [t.shopId, t.bespokeJobId], foreignColumns: [bespokeJobs.shopId, bespokeJobs.id] }).onDelete(
      'cascade',
    ),
    foreignKey({ name: 'attachments_repair_job_fk', columns: [t.shopId, t.repairJobId], foreignColumns: [repairJobs.shopId, repairJobs.id] }).onDelete(
      'cascade',
    ),
    index('attachments_bespoke_job_idx').on(t.bespokeJobId, t.seq),
    index('attachments_repair_job_idx').on(t.repairJobId, t.seq),
    index('attachments_repair_latest_image_idx').on(t.repairJobId, t.seq.desc()).where(sql`${t.contentType} <> 'application/pdf'`),
    // The board's "latest photo" per job: one index probe per card.
    index('attachments_bespoke_latest_image_idx').on(t.bespokeJobId, t.seq.desc()).where(sql`${t.contentType} <> 'application/pdf'`),
    check('attachments_job_kind_known', sql`${t.jobKind} in ('bespoke', 'repair')`),
    check('attachments_one_job', sql`(${t.jobKind} = 'bespoke') = (${t.bespokeJobId} is not null)`),
    check('attachments_one_repair_job', sql`(${t.jobKind} = 'repair') = (${t.repairJobId} is not null)`),
    check('attachments_bespoke_stage_check', sql`${t.jobKind} <> 'bespoke' or (${stageCheck(bespokePipeline, t.stage)})`),
    check('attachments_repair_stage_check', sql`${t.jobKind} <> 'repair' or (${stageCheck(repairPipeline, t.stage)})`),
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
