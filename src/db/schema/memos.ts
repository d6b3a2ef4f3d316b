import { sql } from 'drizzle-orm';
import { check, date, foreignKey, index, integer, numeric, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { jobs, money } from './jobs.js';
import { createdAt, shops, tenantPolicy, updatedAt, users } from './tenancy.js';

/** Memo in: a vendor lends the shop stones or pieces. Consignment out: the shop lends pieces to another seller. */
export const memoDirections = ['in', 'out'] as const;
export type MemoDirection = (typeof memoDirections)[number];

/** Where a lent item stands: still lent (active), or settled one way. */
export const memoItemStatuses = ['active', 'returned', 'sold', 'expired', 'lost'] as const;
export type MemoItemStatus = (typeof memoItemStatuses)[number];

/** A record's status follows its items; `closed` is a record whose items were settled in different ways. */
export const memoStatuses = [...memoItemStatuses, 'closed'] as const;
export type MemoStatus = (typeof memoStatuses)[number];

export const memoItemKinds = ['stone', 'piece'] as const;
export type MemoItemKind = (typeof memoItemKinds)[number];

const list = (words: readonly string[]) => sql.raw(words.map((w) => `'${w}'`).join(', '));

/** The vendors and consignees a shop lends to and borrows from: trade contacts, not its customers. */
export const memoContacts = pgTable(
  'memo_contacts',
  {
    id: uuid('id').notNull().defaultRandom(),
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    company: text('company'),
    email: text('email'),
    phone: text('phone'),
    address: text('address'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'memo_contacts_pkey', columns: [t.shopId, t.id] }),
    index('memo_contacts_shop_name_idx').on(t.shopId, t.name),
    check('memo_contacts_name_length', sql`length(btrim(${t.name})) between 1 and 120`),
    tenantPolicy(t.shopId),
  ],
);

/** A memo parcel taken in (MEMO-0001) or a consignment sent out (CON-0001). */
export const memos = pgTable(
  'memos',
  {
    id: uuid('id').notNull().defaultRandom(),
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    direction: text('direction', { enum: memoDirections }).notNull(),
    /** Numbered per shop and direction, gap-free (the shop's counters). */
    number: integer('number').notNull(),
    contactId: uuid('contact_id').notNull(),
    /** Memo in: the day the parcel arrived. Consignment out: the day the pieces left. */
    receivedOn: date('received_on').notNull(),
    dueBackOn: date('due_back_on'),
    terms: text('terms'),
    notes: text('notes'),
    status: text('status', { enum: memoStatuses }).notNull().default('active'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    foreignKey({ name: 'memos_created_by_fk', columns: [t.shopId, t.createdBy], foreignColumns: [users.shopId, users.id] }),
    primaryKey({ name: 'memos_pkey', columns: [t.shopId, t.id] }),
    unique('memos_shop_direction_number_unique').on(t.shopId, t.direction, t.number),
    index('memos_shop_status_idx').on(t.shopId, t.status, t.dueBackOn),
    foreignKey({ name: 'memos_contact_fk', columns: [t.shopId, t.contactId], foreignColumns: [memoContacts.shopId, memoContacts.id] }),
    check('memos_direction_known', sql`${t.direction} in (${list(memoDirections)})`),
    check('memos_status_known', sql`${t.status} in (${list(memoStatuses)})`),
    check('memos_due_after_received', sql`${t.dueBackOn} is null or ${t.dueBackOn} >= ${t.receivedOn}`),
    check('memos_terms_length', sql`length(${t.terms}) <= 2000`),
    check('memos_notes_length', sql`length(${t.notes}) <= 2000`),
    tenantPolicy(t.shopId),
  ],
);

/** One stone or piece on a memo; a job that uses it links it (at most one job per item). */
export const memoItems = pgTable(
  'memo_items',
  {
    id: uuid('id').notNull().defaultRandom(),
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    memoId: uuid('memo_id').notNull(),
    position: integer('position').notNull(),
    kind: text('kind', { enum: memoItemKinds }).notNull(),
    /** A stone's kind (Diamond, Sapphire...). */
    stoneType: text('stone_type'),
    shape: text('shape'),
    carat: numeric('carat', { precision: 8, scale: 3, mode: 'number' }),
    colour: text('colour'),
    clarity: text('clarity'),
    measurements: text('measurements'),
    certificateLab: text('certificate_lab'),
    certificateNumber: text('certificate_number'),
    /** What a piece is; a stone's optional note. */
    description: text('description'),
    costCents: money('cost_cents'),
    retailCents: money('retail_cents'),
    /** A consignment piece sold: what it sold for, the amount the consignee owes (its asking price stays in retail). */
    soldCents: money('sold_cents'),
    status: text('status', { enum: memoItemStatuses }).notNull().default('active'),
    settledAt: timestamp('settled_at', { withTimezone: true }),
    settledBy: uuid('settled_by'),
    jobId: uuid('job_id'),
    jobKind: text('job_kind'),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({ name: 'memo_items_settled_by_fk', columns: [t.shopId, t.settledBy], foreignColumns: [users.shopId, users.id] }),
    primaryKey({ name: 'memo_items_pkey', columns: [t.shopId, t.id] }),
    unique('memo_items_memo_position_unique').on(t.shopId, t.memoId, t.position),
    foreignKey({ name: 'memo_items_memo_fk', columns: [t.shopId, t.memoId], foreignColumns: [memos.shopId, memos.id] }).onDelete('cascade'),
    foreignKey({ name: 'memo_items_job_fk', columns: [t.shopId, t.jobId, t.jobKind], foreignColumns: [jobs.shopId, jobs.id, jobs.kind] }),
    index('memo_items_job_idx').on(t.shopId, t.jobId),
    check('memo_items_kind_known', sql`${t.kind} in (${list(memoItemKinds)})`),
    check('memo_items_status_known', sql`${t.status} in (${list(memoItemStatuses)})`),
    check('memo_items_stone_has_type', sql`${t.kind} <> 'stone' or ${t.stoneType} is not null`),
    check('memo_items_piece_has_description', sql`${t.kind} <> 'piece' or ${t.description} is not null`),
    check('memo_items_money', sql`coalesce(${t.costCents}, 0) >= 0 and coalesce(${t.retailCents}, 0) >= 0`),
    check('memo_items_sold_price', sql`${t.soldCents} is null or (${t.status} = 'sold' and ${t.soldCents} > 0)`),
    check('memo_items_carat', sql`coalesce(${t.carat}, 0) >= 0`),
    check('memo_items_settled', sql`(${t.status} = 'active') = (${t.settledAt} is null)`),
    check('memo_items_job_whole', sql`(${t.jobId} is null) = (${t.jobKind} is null)`),
    tenantPolicy(t.shopId),
  ],
);
