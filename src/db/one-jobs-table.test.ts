import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { databaseUrlFor } from '../testing/database-url.js';

/**
 * Migration 0019 moves every pipeline's jobs into one jobs table. A database built with the
 * migrations up to 0018 and filled through the old per-pipeline tables must hold, per shop, the
 * same jobs, history, work lines, money, comments, files, messages and outbox rows after it.
 */

const folder = path.join(import.meta.dirname, 'migrations');
const LAST_OLD = 18;

interface Raw {
  query(text: string): Promise<Record<string, unknown>[]>;
  migrate(folder: string): Promise<void>;
  close(): Promise<void>;
}

async function scratchDatabase(): Promise<Raw> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const client = new PGlite();
    const db = drizzlePglite(client);
    return {
      query: async (text) => (await client.exec(text)).at(-1)?.rows as Record<string, unknown>[],
      migrate: (migrationsFolder) => migratePglite(db, { migrationsFolder }),
      close: () => client.close(),
    };
  }
  const name = `loupe_test_move_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const pool = new pg.Pool({ connectionString: databaseUrlFor(url, name), max: 1 });
  const db = drizzlePg(pool);
  return {
    query: async (text) => {
      const res = await pool.query(text);
      return (Array.isArray(res) ? res.at(-1) : res).rows;
    },
    migrate: (migrationsFolder) => migratePg(db, { migrationsFolder }),
    close: async () => {
      await pool.end();
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

/** The committed migrations up to and including `last`, in a folder of their own. */
function prefixOfMigrations(last: number): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'loupe-migrations-'));
  cpSync(folder, dir, { recursive: true });
  const journalPath = path.join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { idx: number }[] };
  journal.entries = journal.entries.filter((e) => e.idx <= last);
  writeFileSync(journalPath, JSON.stringify(journal));
  return dir;
}

/** Two shops, each with bespoke jobs and repairs and everything that hangs off them, written through the old tables. */
function fillThroughOldSchema(shop: string, n: number): string {
  const s = `'${shop}'`;
  return `
    insert into shops (id, name, currency, time_zone, locale, country) values (${s}, 'Shop ${n}', 'GBP', 'Europe/London', 'en-GB', 'GB');
    insert into users (shop_id, name, email, password_hash, role) values (${s}, 'Owner ${n}', 'owner${n}@example.test', 'x', 'owner');
    insert into customers (shop_id, name, preferred_channel) select ${s}, 'Customer ' || i, 'email' from generate_series(1, 3) i;
    insert into bespoke_jobs (shop_id, reference, customer_id, title, stage, held_from_stage, quoted_cents, final_cents, tracking_code,
                              jewellery_type, budget_cents, metal, stones)
      select ${s}, 'B-' || lpad(i::text, 4, '0'), (select id from customers where shop_id = ${s} order by name limit 1), 'Ring ' || i,
             case when i % 3 = 0 then 'on_hold' else 'cad' end, case when i % 3 = 0 then 'cad' end,
             100000 * i + ${n}, case when i % 2 = 0 then 90000 * i end, 'b${n}-' || i, 'ring', 5000 * i, 'platinum', 'sapphire'
      from generate_series(1, ${3 + n}) i;
    insert into bespoke_job_stages (shop_id, job_id, stage, from_stage, note)
      select shop_id, id, 'enquiry', null, null from bespoke_jobs where shop_id = ${s};
    insert into bespoke_job_stages (shop_id, job_id, stage, from_stage, note)
      select shop_id, id, 'cad', 'enquiry', 'sketched' from bespoke_jobs where shop_id = ${s};
    insert into repair_jobs (shop_id, reference, customer_id, title, stage, quoted_cents, tracking_code, item_type, condition_notes,
                             declared_value_cents, rush)
      select ${s}, 'R-' || lpad(i::text, 4, '0'), (select id from customers where shop_id = ${s} order by name desc limit 1), 'Resize ' || i,
             'in_progress', 4500 * i, 'r${n}-' || i, 'ring', 'scratched', 20000 * i, i % 2 = 0
      from generate_series(1, ${2 + n}) i;
    insert into repair_job_stages (shop_id, job_id, stage, from_stage)
      select shop_id, id, 'intake', null from repair_jobs where shop_id = ${s};
    insert into repair_job_stages (shop_id, job_id, stage, from_stage)
      select shop_id, id, 'in_progress', 'intake' from repair_jobs where shop_id = ${s};
    insert into repair_work_lines (shop_id, repair_job_id, position, kind, description, price_cents)
      select shop_id, id, p, 'resize', 'N to P', 2000 + p from repair_jobs cross join generate_series(0, 1) p where shop_id = ${s};
    insert into payments (shop_id, customer_id, bespoke_job_id, kind, amount_cents)
      select shop_id, customer_id, id, 'deposit', 30000 + ${n} from bespoke_jobs where shop_id = ${s};
    insert into payments (shop_id, customer_id, repair_job_id, kind, amount_cents)
      select shop_id, customer_id, id, 'payment', 1500 from repair_jobs where shop_id = ${s};
    insert into payments (shop_id, customer_id, kind, amount_cents)
      select shop_id, id, 'payment', 700 from customers where shop_id = ${s};
    insert into comments (shop_id, bespoke_job_id, body) select shop_id, id, 'Memo parcel due' from bespoke_jobs where shop_id = ${s};
    insert into comments (shop_id, repair_job_id, body) select shop_id, id, 'Shank worn thin' from repair_jobs where shop_id = ${s};
    insert into attachments (shop_id, job_kind, bespoke_job_id, stage, content_type, bytes, original_key, thumb_key, thumb_content_type)
      select shop_id, 'bespoke', id, 'cad', 'image/png', 1000, 'o/' || id, 't/' || id, 'image/jpeg' from bespoke_jobs where shop_id = ${s};
    insert into attachments (shop_id, job_kind, repair_job_id, stage, content_type, bytes, original_key, thumb_key, thumb_content_type)
      select shop_id, 'repair', id, 'intake', 'application/pdf', 2000, 'o/' || id, 't/' || id, 'image/png' from repair_jobs where shop_id = ${s};
    insert into job_messages (shop_id, bespoke_job_id, direction, body) select shop_id, id, 'from_customer', 'Any news?' from bespoke_jobs where shop_id = ${s};
    insert into job_messages (shop_id, repair_job_id, direction, body) select shop_id, id, 'from_staff', 'Ready Friday' from repair_jobs where shop_id = ${s};
    insert into design_reviews (shop_id, bespoke_job_id, attachment_ids, renders_key, decision, actor_label)
      select shop_id, id, '{}', 'v1', 'approved', 'Customer' from bespoke_jobs where shop_id = ${s};
    insert into outbox (shop_id, topic, job_kind, job_id, idempotency_key, payload)
      select shop_id, 'customer_ready', 'bespoke', id, 'k:' || id, '{}' from bespoke_jobs where shop_id = ${s};
    insert into outbox (shop_id, topic, job_kind, job_id, idempotency_key, payload)
      select shop_id, 'customer_ready', 'repair', id, 'k:' || id, '{}' from repair_jobs where shop_id = ${s};
  `;
}

/** Per shop: how many of each, and the sums that would show a row moved to the wrong job or lost. */
const figures = (
  jobs: { bespoke: string; repair: string; bespokeHistory: string; repairHistory: string },
  jobColumn: (kind: 'bespoke' | 'repair') => string,
) => `
  select s.id as shop,
    (select count(*) from ${jobs.bespoke} j where j.shop_id = s.id)::int as bespoke_jobs,
    (select coalesce(sum(quoted_cents), 0) + coalesce(sum(final_cents), 0) + coalesce(sum(budget_cents), 0) from ${jobs.bespoke} j where j.shop_id = s.id)::text as bespoke_money,
    (select string_agg(reference || ':' || stage || ':' || coalesce(held_from_stage, '-') || ':' || tracking_code || ':' || metal, ',' order by reference) from ${jobs.bespoke} j where j.shop_id = s.id) as bespoke_rows,
    (select count(*) from ${jobs.repair} j where j.shop_id = s.id)::int as repair_jobs,
    (select coalesce(sum(quoted_cents), 0) + coalesce(sum(declared_value_cents), 0) from ${jobs.repair} j where j.shop_id = s.id)::text as repair_money,
    (select count(*) filter (where rush) from ${jobs.repair} j where j.shop_id = s.id)::int as rush,
    (select string_agg(h.stage || ':' || coalesce(h.from_stage, '-'), ',' order by j.reference, h.seq) from ${jobs.bespokeHistory} h join ${jobs.bespoke} j on j.id = h.job_id where h.shop_id = s.id) as bespoke_history,
    (select string_agg(h.stage || ':' || coalesce(h.from_stage, '-'), ',' order by j.reference, h.seq) from ${jobs.repairHistory} h join ${jobs.repair} j on j.id = h.job_id where h.shop_id = s.id) as repair_history,
    (select count(*) || ':' || sum(price_cents) from repair_work_lines l join ${jobs.repair} j on j.id = l.${jobColumn('repair')} where l.shop_id = s.id) as work_lines,
    (select count(*) || ':' || sum(amount_cents) from payments p join ${jobs.bespoke} j on j.id = p.${jobColumn('bespoke')} where p.shop_id = s.id) as bespoke_payments,
    (select count(*) || ':' || sum(amount_cents) from payments p join ${jobs.repair} j on j.id = p.${jobColumn('repair')} where p.shop_id = s.id) as repair_payments,
    (select count(*) || ':' || sum(amount_cents) from payments p where p.shop_id = s.id) as all_payments,
    (select count(*) from comments c join ${jobs.bespoke} j on j.id = c.${jobColumn('bespoke')} where c.shop_id = s.id)::int as bespoke_comments,
    (select count(*) from comments c join ${jobs.repair} j on j.id = c.${jobColumn('repair')} where c.shop_id = s.id)::int as repair_comments,
    (select count(*) || ':' || sum(bytes) from attachments a join ${jobs.bespoke} j on j.id = a.${jobColumn('bespoke')} where a.shop_id = s.id) as bespoke_files,
    (select count(*) || ':' || sum(bytes) from attachments a join ${jobs.repair} j on j.id = a.${jobColumn('repair')} where a.shop_id = s.id) as repair_files,
    (select count(*) from job_messages m join ${jobs.bespoke} j on j.id = m.${jobColumn('bespoke')} where m.shop_id = s.id)::int as bespoke_messages,
    (select count(*) from job_messages m join ${jobs.repair} j on j.id = m.${jobColumn('repair')} where m.shop_id = s.id)::int as repair_messages,
    (select count(*) from design_reviews d join ${jobs.bespoke} j on j.id = d.${jobColumn('bespoke')} where d.shop_id = s.id)::int as reviews,
    (select count(*) from outbox o join ${jobs.bespoke} j on j.id = o.job_id where o.shop_id = s.id)::int as bespoke_outbox,
    (select count(*) from outbox o join ${jobs.repair} j on j.id = o.job_id where o.shop_id = s.id)::int as repair_outbox
  from shops s order by s.id`;

const shopA = '00000000-0000-4000-8000-00000000000a';
const shopB = '00000000-0000-4000-8000-00000000000b';
let db: Raw;
let prefix: string;

beforeAll(async () => {
  db = await scratchDatabase();
  prefix = prefixOfMigrations(LAST_OLD);
}, 60_000);
afterAll(async () => {
  await db.close();
  rmSync(prefix, { recursive: true, force: true });
});

it('moves every job and everything pointing at it into the one jobs table, shop by shop, losing nothing', async () => {
  await db.migrate(prefix);
  await db.query(fillThroughOldSchema(shopA, 1));
  await db.query(fillThroughOldSchema(shopB, 2));
  const oldTables = { bespoke: 'bespoke_jobs', repair: 'repair_jobs', bespokeHistory: 'bespoke_job_stages', repairHistory: 'repair_job_stages' };
  const before = await db.query(figures(oldTables, (kind) => `${kind}_job_id`));
  expect(before).toHaveLength(2);
  expect(before[0]).toMatchObject({ bespoke_jobs: 4, repair_jobs: 3, bespoke_comments: 4, repair_files: '3:6000' });

  await db.migrate(folder);

  // The same figures read through the new tables, and through the views named as the old tables were.
  const newTables = {
    bespoke: "(select j.*, d.jewellery_type, d.budget_cents, d.metal, d.stones from jobs j join bespoke_details d on d.job_id = j.id where j.kind = 'bespoke')",
    repair:
      "(select j.*, d.item_type, d.condition_notes, d.declared_value_cents, d.rush from jobs j join repair_details d on d.job_id = j.id where j.kind = 'repair')",
    bespokeHistory: "(select * from job_stages where kind = 'bespoke')",
    repairHistory: "(select * from job_stages where kind = 'repair')",
  };
  expect(await db.query(figures(newTables, () => 'job_id'))).toEqual(before);
  expect(await db.query(figures(oldTables, () => 'job_id'))).toEqual(before);
  expect(await db.query('select kind, count(*)::int as n from jobs group by kind order by kind')).toEqual([
    { kind: 'bespoke', n: 9 },
    { kind: 'repair', n: 7 },
  ]);
});

it('still refuses a stage word that is not one of the job’s own pipeline, in the jobs table and its history', async () => {
  const refusal = async (text: string) => {
    try {
      await db.query(text);
      return 'accepted';
    } catch (err) {
      return (err as { code?: string }).code;
    }
  };
  expect(await refusal("update jobs set stage = 'intake' where kind = 'bespoke'")).toBe('23514');
  expect(await refusal("update jobs set stage = 'cad' where kind = 'repair'")).toBe('23514');
  expect(await refusal("update job_stages set stage = 'cad' where kind = 'repair'")).toBe('23514');
  expect(await refusal("update job_stages set kind = 'repair' where kind = 'bespoke'")).not.toBe('accepted');
  expect(await refusal("insert into bespoke_jobs (shop_id, reference) values (gen_random_uuid(), 'B-9')")).not.toBe('accepted');
});
