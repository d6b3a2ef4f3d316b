import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import * as schema from './schema/index.js';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** What a use-case's queries run on inside its transaction: any Drizzle database bound to that one connection. */
export type Tx = Db;

export interface Database {
  kind: 'pglite' | 'postgres';
  /** A transaction as one shop: row-level security admits that shop's rows and no other's. */
  tenant<T>(shopId: string, work: (tx: Tx) => Promise<T>): Promise<T>;
  /** A transaction as the schema owner, for the few steps that precede knowing the shop (sign-in, sign-up). */
  system<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  /** Outside any transaction, as the schema owner: single statements that need none (the session lookup), benchmarks, tests. */
  raw: Db;
  /** Applies pending migrations. */
  migrate(): Promise<void>;
  /** Subscribes to a NOTIFY channel; the answer unsubscribes. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  /** The embedded database's whole data directory as a tarball (tests clone it per file). */
  snapshot?(): Promise<Blob>;
  close(): Promise<void>;
}

const migrationsFolder = path.join(import.meta.dirname, 'migrations');

function wrap(kind: Database['kind'], db: Db, migrate: () => Promise<void>, close: () => Promise<void>, listen: Database['listen']): Database {
  return {
    kind,
    raw: db,
    migrate,
    close,
    listen,
    system: (work) => db.transaction(work),
    tenant: (shopId, work) =>
      db.transaction(async (tx) => {
        // One statement: both settings are transaction-local and vanish at commit or rollback.
        await tx.execute(sql`select set_config('app.tenant_id', ${shopId}, true), set_config('role', 'loupe_app', true)`);
        return work(tx);
      }),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A tenant transaction on the server in one round trip fewer: BEGIN and the tenant's settings go as
 * one simple-protocol message. That message cannot carry parameters, so the shop id goes in as a
 * literal, and only after it is checked to be a uuid (it comes from our own session rows).
 */
function postgresTenant(pool: pg.Pool): Database['tenant'] {
  const dbs = new WeakMap<pg.PoolClient, Db>();
  return async (shopId, work) => {
    if (!UUID.test(shopId)) throw new Error('a tenant is named by its uuid');
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query(`begin; select set_config('app.tenant_id', '${shopId}', true), set_config('role', 'loupe_app', true)`);
      let db = dbs.get(client);
      if (!db) {
        db = drizzlePg(client, { schema });
        dbs.set(client, db);
      }
      const result = await work(db);
      await client.query('commit');
      return result;
    } catch (err) {
      await client.query('rollback').catch((e: unknown) => {
        broken = e instanceof Error ? e : new Error(String(e));
      });
      throw err;
    } finally {
      // A connection that could not even roll back is closed, not handed to the next request.
      client.release(broken);
    }
  };
}

export interface OpenOptions {
  databaseUrl?: string | undefined;
  dataDir?: string;
  /** An already-migrated PGlite image to start from (tests clone one per file). */
  pgliteImage?: Blob;
  poolSize?: number;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
    // A dropped idle connection must not take the process down; the pool replaces it.
    pool.on('error', () => {});
    const database = wrap(
      'postgres',
      drizzlePg(pool, { schema }),
      () => migratePostgres(pool),
      () => pool.end(),
      (channel, onPayload) => listenPostgres(opts.databaseUrl ?? '', channel, onPayload),
    );
    return { ...database, tenant: postgresTenant(pool) };
  }
  let client: PGlite;
  if (opts.pgliteImage) {
    client = new PGlite({ loadDataDir: opts.pgliteImage });
  } else if (opts.dataDir) {
    const dir = path.join(opts.dataDir, 'pglite');
    await mkdir(dir, { recursive: true });
    client = new PGlite(dir);
  } else {
    client = new PGlite();
  }
  await client.waitReady;
  const db = drizzlePglite(client, { schema });
  return {
    ...wrap(
      'pglite',
      db,
      () => migratePglite(db, { migrationsFolder }),
      () => client.close(),
      async (channel, onPayload) => client.listen(channel, onPayload),
    ),
    snapshot: () => client.dumpDataDir('none'),
  };
}

/**
 * Connects once and asks `select 1`: the server named by `url` can be reached and lets us in. Its
 * own client with a time limit, so a server that never answers stops the boot instead of hanging it.
 */
export async function probePostgres(url: string, timeoutMs = 10_000): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
  } finally {
    await client.end().catch(() => {});
  }
}

// The advisory lock is per connection, so lock, migrate and unlock all run on one checked-out client:
// two processes starting at once cannot both apply the same migration.
async function migratePostgres(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  const lockKey = 7_424_617;
  try {
    await client.query('select pg_advisory_lock($1)', [lockKey]);
    await migratePg(drizzlePg(client, { schema }), { migrationsFolder });
  } finally {
    await client.query('select pg_advisory_unlock($1)', [lockKey]).catch(() => {});
    client.release();
  }
}

/** LISTEN holds a connection for good, so it gets its own client rather than one of the pool's. */
async function listenPostgres(url: string, channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  client.on('notification', (n) => {
    if (n.channel === channel && n.payload) onPayload(n.payload);
  });
  await client.query(`listen ${pg.escapeIdentifier(channel)}`);
  return async () => {
    await client.end().catch(() => {});
  };
}
