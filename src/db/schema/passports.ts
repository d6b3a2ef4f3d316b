import { sql } from 'drizzle-orm';
import { boolean, check, date, foreignKey, index, integer, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { passportEventKinds, passportVisibilities } from '../../domain/passports.js';
import { attachments } from './attachments.js';
import { jobs, money } from './jobs.js';
import { createdAt, shops, tenantPolicy, users } from './tenancy.js';

const quoted = (words: readonly string[]) => sql.raw(words.map((w) => `'${w}'`).join(', '));

/**
 * A shop's Ed25519 signing keys. The public half is published (JWKS); the private half is sealed with
 * the server's encryption key, as the notification credentials are. `kid` is the key's JWK thumbprint.
 */
export const passportKeys = pgTable(
  'passport_keys',
  {
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    kid: text('kid').notNull(),
    publicJwk: text('public_jwk').notNull(),
    privateSealed: text('private_sealed').notNull(),
    createdAt: createdAt(),
  },
  // The kid is the public key's SHA-256 thumbprint: unique across shops without a key of its own.
  (t) => [primaryKey({ columns: [t.shopId, t.kid] }), tenantPolicy(t.shopId)],
);

/** A finished piece's provenance record: issued once, from a job of the shop or from scratch. */
export const passports = pgTable(
  'passports',
  {
    id: uuid('id').notNull().defaultRandom(),
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    /** `LP-` and nine random digits, unique across every shop. */
    number: text('number').notNull(),
    jobId: uuid('job_id'),
    /** Issued from scratch for a piece this shop did not make. */
    madeElsewhere: boolean('made_elsewhere').notNull().default(false),
    title: text('title').notNull(),
    jewelleryType: text('jewellery_type'),
    metal: text('metal'),
    fineness: text('fineness'),
    hallmarks: text('hallmarks'),
    weightGrams: numeric('weight_grams', { precision: 10, scale: 3, mode: 'number' }),
    measurements: text('measurements'),
    maker: text('maker'),
    madeOn: date('made_on', { mode: 'string' }),
    visibility: text('visibility', { enum: passportVisibilities }).notNull().default('public'),
    /** Appraised values show on /verify only when the owner allows. */
    showValues: boolean('show_values').notNull().default(false),
    /** The current owner: never shown publicly. */
    ownerName: text('owner_name').notNull(),
    ownerContact: text('owner_contact'),
    /** The shop's name as signed at issue: a later rename does not break the signature. */
    issuerName: text('issuer_name').notNull(),
    version: integer('version').notNull().default(1),
    signingKid: text('signing_kid').notNull(),
    /** The compact JWS of this version's claims. */
    token: text('token').notNull(),
    issuedBy: uuid('issued_by'),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({ name: 'passports_issued_by_fk', columns: [t.shopId, t.issuedBy], foreignColumns: [users.shopId, users.id] }),
    primaryKey({ name: 'passports_pkey', columns: [t.shopId, t.id] }),
    // Unique across every shop too: the register holds that.
    uniqueIndex('passports_shop_number_unique').on(t.shopId, t.number),
    // One passport per job.
    uniqueIndex('passports_job_unique').on(t.shopId, t.jobId),
    foreignKey({ name: 'passports_job_fk', columns: [t.shopId, t.jobId], foreignColumns: [jobs.shopId, jobs.id] }),
    check('passports_number_shape', sql`${t.number} ~ '^LP-[0-9]{9}$'`),
    check('passports_visibility_known', sql`${t.visibility} in (${quoted(passportVisibilities)})`),
    check('passports_weight_check', sql`coalesce(${t.weightGrams}, 0) >= 0`),
    check('passports_origin_check', sql`${t.jobId} is not null or ${t.madeElsewhere}`),
    tenantPolicy(t.shopId),
  ],
);

/**
 * Every passport's number and id, each unique across every shop: /verify is handed one of them and
 * finds the passport's shop here. Written in the passport's own transaction; a number once issued stays
 * taken. Not one shop's data (it holds every shop's numbers), so it points at no shop's passport.
 */
export const passportRegister = pgTable(
  'passport_register',
  {
    number: text('number').primaryKey(),
    passportId: uuid('passport_id').notNull(),
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
  },
  (t) => [uniqueIndex('passport_register_passport_unique').on(t.passportId), tenantPolicy(t.shopId)],
);

export const passportStones = pgTable(
  'passport_stones',
  {
    shopId: uuid('shop_id').notNull(),
    passportId: uuid('passport_id').notNull(),
    position: integer('position').notNull(),
    kind: text('kind').notNull(),
    shape: text('shape'),
    carat: numeric('carat', { precision: 8, scale: 3, mode: 'number' }),
    colour: text('colour'),
    clarity: text('clarity'),
    certificateLab: text('certificate_lab'),
    certificateNumber: text('certificate_number'),
    inscription: text('inscription'),
  },
  (t) => [
    primaryKey({ columns: [t.shopId, t.passportId, t.position] }),
    foreignKey({ name: 'passport_stones_passport_fk', columns: [t.shopId, t.passportId], foreignColumns: [passports.shopId, passports.id] }).onDelete(
      'cascade',
    ),
    check('passport_stones_carat_check', sql`coalesce(${t.carat}, 0) >= 0`),
    tenantPolicy(t.shopId),
  ],
);

/** Photos chosen from the job's customer-visible files. */
export const passportPhotos = pgTable(
  'passport_photos',
  {
    shopId: uuid('shop_id').notNull(),
    passportId: uuid('passport_id').notNull(),
    position: integer('position').notNull(),
    attachmentId: uuid('attachment_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.shopId, t.passportId, t.position] }),
    foreignKey({ name: 'passport_photos_passport_fk', columns: [t.shopId, t.passportId], foreignColumns: [passports.shopId, passports.id] }).onDelete(
      'cascade',
    ),
    foreignKey({ name: 'passport_photos_attachment_fk', columns: [t.shopId, t.attachmentId], foreignColumns: [attachments.shopId, attachments.id] }).onDelete(
      'cascade',
    ),
    tenantPolicy(t.shopId),
  ],
);

/**
 * The passport's history, append-only (the tenant role may not update or delete a row): each event is
 * signed and carries the hash of the token before it.
 */
export const passportEvents = pgTable(
  'passport_events',
  {
    shopId: uuid('shop_id').notNull(),
    passportId: uuid('passport_id').notNull(),
    seq: integer('seq').notNull(),
    kind: text('kind', { enum: passportEventKinds }).notNull(),
    occurredOn: date('occurred_on', { mode: 'string' }).notNull(),
    note: text('note'),
    /** An appraisal's value; its digest (with the salt) is what is signed. */
    valueCents: money('value_cents'),
    valueCurrency: text('value_currency'),
    valueSalt: text('value_salt'),
    prevHash: text('prev_hash').notNull(),
    signingKid: text('signing_kid').notNull(),
    token: text('token').notNull(),
    recordedBy: uuid('recorded_by'),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    foreignKey({ name: 'passport_events_recorded_by_fk', columns: [t.shopId, t.recordedBy], foreignColumns: [users.shopId, users.id] }),
    primaryKey({ columns: [t.shopId, t.passportId, t.seq] }),
    foreignKey({ name: 'passport_events_passport_fk', columns: [t.shopId, t.passportId], foreignColumns: [passports.shopId, passports.id] }).onDelete(
      'cascade',
    ),
    check('passport_events_kind_known', sql`${t.kind} in (${quoted(passportEventKinds)})`),
    check('passport_events_value_check', sql`coalesce(${t.valueCents}, 0) >= 0`),
    tenantPolicy(t.shopId),
  ],
);

/** Every owner the piece has had, in order; names stay with the shop. */
export const passportOwners = pgTable(
  'passport_owners',
  {
    shopId: uuid('shop_id').notNull(),
    passportId: uuid('passport_id').notNull(),
    seq: integer('seq').notNull(),
    name: text('name').notNull(),
    contact: text('contact'),
    since: timestamp('since', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.shopId, t.passportId, t.seq] }),
    foreignKey({ name: 'passport_owners_passport_fk', columns: [t.shopId, t.passportId], foreignColumns: [passports.shopId, passports.id] }).onDelete(
      'cascade',
    ),
    tenantPolicy(t.shopId),
  ],
);

/** One-time transfer codes: only the hash is kept; a new code replaces the open one. */
export const passportTransfers = pgTable(
  'passport_transfers',
  {
    id: uuid('id').notNull().defaultRandom(),
    shopId: uuid('shop_id').notNull(),
    passportId: uuid('passport_id').notNull(),
    codeHash: text('code_hash').notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ name: 'passport_transfers_pkey', columns: [t.shopId, t.id] }),
    foreignKey({ name: 'passport_transfers_passport_fk', columns: [t.shopId, t.passportId], foreignColumns: [passports.shopId, passports.id] }).onDelete(
      'cascade',
    ),
    index('passport_transfers_passport_idx').on(t.shopId, t.passportId),
    tenantPolicy(t.shopId),
  ],
);

/**
 * A job (a repair, an appraisal: any pipeline) linked to a passport: when the job is collected, the
 * passport gets the event its pipeline declares. `event_seq` is set once, by that event: a job adds its
 * event once however often it goes back and is collected again.
 */
export const passportJobLinks = pgTable(
  'passport_job_links',
  {
    shopId: uuid('shop_id').notNull(),
    jobId: uuid('job_id').notNull(),
    passportId: uuid('passport_id').notNull(),
    linkedBy: uuid('linked_by'),
    linkedAt: timestamp('linked_at', { withTimezone: true }).notNull(),
    eventSeq: integer('event_seq'),
  },
  (t) => [
    foreignKey({ name: 'passport_job_links_linked_by_fk', columns: [t.shopId, t.linkedBy], foreignColumns: [users.shopId, users.id] }),
    // A job is linked to one passport at most.
    primaryKey({ columns: [t.shopId, t.jobId] }),
    foreignKey({ name: 'passport_job_links_job_fk', columns: [t.shopId, t.jobId], foreignColumns: [jobs.shopId, jobs.id] }).onDelete('cascade'),
    foreignKey({ name: 'passport_job_links_passport_fk', columns: [t.shopId, t.passportId], foreignColumns: [passports.shopId, passports.id] }).onDelete(
      'cascade',
    ),
    foreignKey({
      name: 'passport_job_links_event_fk',
      columns: [t.shopId, t.passportId, t.eventSeq],
      foreignColumns: [passportEvents.shopId, passportEvents.passportId, passportEvents.seq],
    }).onDelete('cascade'),
    index('passport_job_links_passport_idx').on(t.shopId, t.passportId),
    tenantPolicy(t.shopId),
  ],
);
