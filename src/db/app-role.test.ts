import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobHooks } from '../job-hooks.js';
import { SecretBox } from '../modules/notifications/secret-box.js';
import { makeBespokeJob, makeCustomer, makeShop } from '../seed/factories.js';
import { databaseUrlFor } from '../testing/database-url.js';
import { rowsOf } from '../testing/sql.js';
import { TestClock } from '../testing/test-app.js';
import { type Database, openDatabase } from './client.js';

/**
 * Loupe connecting as an ordinary account, as a hosted PostgreSQL gives one: not a superuser, the
 * owner of its own database. Migrations run as that account, tenant transactions switch to
 * loupe_app, and row-level security still keeps each shop to its own rows. PostgreSQL only: the
 * embedded database has one user, a superuser.
 */
const adminUrl = process.env.DATABASE_URL;

describe.runIf(adminUrl)('an installation that connects as an account that is not a superuser', () => {
  const made: { role: string; database: string }[] = [];
  let admin: pg.Client;

  /** A login role with these attributes, owning a fresh empty database, and the URL to connect as it. */
  async function account(attributes: string) {
    const suffix = randomBytes(5).toString('hex');
    const role = `loupe_acct_${suffix}`;
    const database = `loupe_acct_db_${suffix}`;
    const password = randomBytes(12).toString('hex');
    await admin.query(`create role ${role} login password '${password}' nosuperuser nobypassrls ${attributes}`);
    made.push({ role, database });
    await admin.query(`create database ${database} owner ${role}`);
    const url = new URL(databaseUrlFor(adminUrl ?? '', database));
    url.username = role;
    url.password = password;
    return { role, url: url.toString() };
  }

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    // Roles belong to the server: loupe_app is there already, made by the run's own (superuser) migration.
    const { rows } = await admin.query(`select 1 from pg_roles where rolname = 'loupe_app'`);
    expect(rows).toHaveLength(1);
  });

  const opened: Database[] = [];
  afterAll(async () => {
    for (const db of opened) await db.close().catch(() => {});
    for (const { role, database } of made.reverse()) {
      await admin.query(`drop database if exists ${database} with (force)`);
      await admin.query(`drop role if exists ${role}`);
    }
    await admin.end();
  });
  const open = async (url: string) => {
    const db = await openDatabase({ databaseUrl: url, poolSize: 4 });
    opened.push(db);
    return db;
  };

  it('migrates as a CREATEROLE account, which makes itself a member of loupe_app; tenant work runs and another shop stays hidden', {
    timeout: 120_000,
  }, async () => {
    const { role, url } = await account('createdb createrole');
    const db = await open(url);
    const [before] = (await admin.query(`select pg_has_role('${role}', 'loupe_app', 'member') as member`)).rows;
    expect(before.member).toBe(false);
    await db.migrate();

    const [who] = await rowsOf<{ me: string; superuser: boolean; member: boolean }>(
      db.raw,
      sql`select current_user as me, rolsuper as superuser, pg_has_role(current_user, 'loupe_app', 'member') as member from pg_roles where rolname = current_user`,
    );
    expect(who).toEqual({ me: role, superuser: false, member: true });
    // Run again, the migration changes nothing (it is applied once, and its check holds on a second look).
    await db.migrate();

    await expectTenantWorkAndIsolation(db);
  });

  it('migrates as an account an administrator made a member of loupe_app, with no right to grant roles itself', { timeout: 120_000 }, async () => {
    const { role, url } = await account('createdb');
    await admin.query(`grant loupe_app to ${role}`);
    const db = await open(url);
    await db.migrate();
    await expectTenantWorkAndIsolation(db);
  });

  it('stops the migration with what to ask for when the account is no member and may not become one', { timeout: 120_000 }, async () => {
    const { role, url } = await account('createdb');
    const db = await open(url);
    const err = await db.migrate().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeDefined();
    const cause = (err as { cause?: { message?: string; hint?: string } }).cause ?? (err as { message?: string; hint?: string });
    expect(cause.message).toContain(`account ${role} must be a member of role loupe_app`);
    expect(cause.hint).toContain(`GRANT loupe_app TO ${role}`);
  });

  async function expectTenantWorkAndIsolation(db: Database) {
    const deps = { db, clock: new TestClock(), jobHooks: jobHooks(new SecretBox(null)), config: { publicUrl: 'http://loupe.test' } };
    // Sign-up, a customer and a job walked through stages: every one a tenant transaction as loupe_app.
    const a = await makeShop(deps, { shopName: 'Argent' });
    const b = await makeShop(deps, { shopName: 'Bijou' });
    const aCustomer = await makeCustomer(deps, a.actor);
    await makeBespokeJob(deps, a.actor, { customerId: aCustomer.id, path: ['consultation', 'cad'] });

    const seenBy = (shopId: string) =>
      db.tenant(shopId, async (tx) => {
        // No shop filter here: only the policies stand between B and A's rows.
        const [row] = await rowsOf<{ role: string; customers: number; jobs: number; history: number; shops: number }>(
          tx,
          sql`select current_user as role,
            (select count(*) from customers)::int as customers,
            (select count(*) from bespoke_jobs)::int as jobs,
            (select count(*) from bespoke_job_stages)::int as history,
            (select count(*) from shops)::int as shops`,
        );
        return row;
      });
    expect(await seenBy(a.shop.id)).toEqual({ role: 'loupe_app', customers: 1, jobs: 1, history: 3, shops: 1 });
    expect(await seenBy(b.shop.id)).toEqual({ role: 'loupe_app', customers: 0, jobs: 0, history: 0, shops: 1 });

    // Nor can B write a row into A's shop.
    const refused = await db
      .tenant(b.shop.id, (tx) => tx.execute(sql`insert into customers (shop_id, name, preferred_channel) values (${a.shop.id}, 'Mallory', 'email')`))
      .then(
        () => undefined,
        (e: unknown) => (e as { cause?: { code?: string } }).cause?.code ?? (e as { code?: string }).code,
      );
    expect(refused).toBe('42501');
    // The owner's own view (outside any tenant) sees both shops: the rows are there, the policies hid them.
    const [all] = await rowsOf<{ shops: number }>(db.raw, sql`select count(*)::int as shops from shops where id in (${a.shop.id}, ${b.shop.id})`);
    expect(all?.shops).toBe(2);
  }
});
