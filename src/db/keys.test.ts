import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../testing/sql.js';
import { testDatabase } from '../testing/test-database.js';
import type { Database } from './client.js';

/**
 * Every key of a shop's data leads with the shop's id, read from the migrated database's own catalogue:
 * a table distributed by `shop_id` (Citus) keeps each shop's rows on one node only if its primary key
 * and every unique key hold `shop_id`, and a foreign key that pairs `shop_id` with `shop_id` can never
 * point at another shop's row. Plain (non-unique) indexes are free to lead with anything.
 *
 * The tables that are not one shop's data, each with why. They would be reference tables (a copy on
 * every node) or stay on the coordinator; a reference table may not point at a distributed one.
 */
const notShopData: Readonly<Record<string, string>> = {
  'drizzle.__drizzle_migrations': "the migrator's own ledger of applied migrations",
  'public.shops': 'its id is the shop id; its slug (the public enquiry address) is unique across shops',
  'public.users': 'sign-in finds the member, and so the shop, by an e-mail unique across shops',
  'public.sessions': "every request finds its session by the cookie's hash before it knows the shop",
  'public.rate_limits': 'budgets keyed by address or account, counted before and across shops',
  'public.server_secrets': 'keys of the whole server, no shop',
  'public.report_pipelines': 'what each pipeline kind means to the reports: the same for every shop',
  'public.passport_register': "/verify finds a passport's shop by its number or id, each unique across shops",
};

let db: Database;

beforeAll(async () => {
  db = await testDatabase();
});
afterAll(() => db.close());

/** Schemas that hold the app's tables: everything but the server's own. */
const appSchema = (ns: string) => sql`${sql.raw(ns)}.nspname not in ('pg_catalog', 'information_schema') and ${sql.raw(ns)}.nspname not like 'pg\\_%'`;

interface KeyRow {
  table_name: string;
  key_name: string;
  is_primary: boolean;
  /** The key's columns in order; an expression's place reads `(expression)`. */
  columns: string[];
}

async function uniqueKeys(): Promise<KeyRow[]> {
  return rowsOf<KeyRow>(
    db,
    sql`select n.nspname || '.' || t.relname as table_name, i.relname as key_name, x.indisprimary as is_primary,
               array(select coalesce(a.attname::text, '(expression)')
                     from unnest(x.indkey[0:x.indnkeyatts - 1]) with ordinality k(attnum, pos)
                     left join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum
                     order by k.pos) as columns
        from pg_index x
        join pg_class t on t.oid = x.indrelid
        join pg_class i on i.oid = x.indexrelid
        join pg_namespace n on n.oid = t.relnamespace
        where x.indisunique and t.relkind in ('r', 'p') and ${appSchema('n')}
        order by 1, 2`,
  );
}

async function tables(): Promise<string[]> {
  const rows = await rowsOf<{ name: string }>(
    db,
    sql`select n.nspname || '.' || c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where c.relkind in ('r', 'p') and ${appSchema('n')} order by 1`,
  );
  return rows.map((r) => r.name);
}

describe("the database's keys", () => {
  it('lead with shop_id in every primary key and unique key of every table of shop data', async () => {
    const keys = await uniqueKeys();
    const failures: string[] = [];
    for (const table of await tables()) {
      const own = keys.filter((k) => k.table_name === table);
      if (!own.some((k) => k.is_primary)) failures.push(`${table} has no primary key`);
      if (table in notShopData) continue;
      for (const k of own.filter((k) => k.columns[0] !== 'shop_id')) {
        failures.push(`${table}: ${k.is_primary ? 'primary key' : 'unique key'} ${k.key_name} (${k.columns.join(', ')}) does not start with shop_id`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('name, as not shop data, only tables that exist and would otherwise fail', async () => {
    const keys = await uniqueKeys();
    const present = await tables();
    const stale = Object.keys(notShopData).filter(
      (table) => !present.includes(table) || keys.filter((k) => k.table_name === table).every((k) => k.columns[0] === 'shop_id'),
    );
    expect(stale, 'these need no exception: remove them from the list').toEqual([]);
  });

  it('pair shop_id with shop_id in every foreign key between tables of shop data and to the members, and never point from other tables into them', async () => {
    const fks = await rowsOf<{ name: string; from_table: string; to_table: string; pairs: string[] }>(
      db,
      sql`select c.conname as name, fn.nspname || '.' || f.relname as from_table, tn.nspname || '.' || t.relname as to_table,
                 array(select fa.attname || '->' || ta.attname
                       from unnest(c.conkey, c.confkey) with ordinality k(fk, pk, pos)
                       join pg_attribute fa on fa.attrelid = c.conrelid and fa.attnum = k.fk
                       join pg_attribute ta on ta.attrelid = c.confrelid and ta.attnum = k.pk
                       order by k.pos) as pairs
          from pg_constraint c
          join pg_class f on f.oid = c.conrelid join pg_namespace fn on fn.oid = f.relnamespace
          join pg_class t on t.oid = c.confrelid join pg_namespace tn on tn.oid = t.relnamespace
          where c.contype = 'f' and ${appSchema('fn')}
          order by 2, 1`,
    );
    expect(fks.length).toBeGreaterThan(0);
    const failures: string[] = [];
    for (const fk of fks) {
      const shopData = (table: string) => !(table in notShopData);
      // A member belongs to one shop (users is keyed for sign-in across shops, and is (shop_id, id) unique):
      // a row naming a member pairs its shop with theirs, so it cannot name another shop's.
      const pointsAtShopRows = (table: string) => shopData(table) || table === 'public.users';
      if (shopData(fk.from_table) && pointsAtShopRows(fk.to_table) && !fk.pairs.includes('shop_id->shop_id')) {
        failures.push(`${fk.from_table}: ${fk.name} (${fk.pairs.join(', ')}) does not pair shop_id with shop_id`);
      }
      if (!shopData(fk.from_table) && shopData(fk.to_table)) {
        failures.push(`${fk.from_table}: ${fk.name} points into shop data (${fk.to_table}) from a table that is not`);
      }
    }
    expect(failures).toEqual([]);
  });
});
