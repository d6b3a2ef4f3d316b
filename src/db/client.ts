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
  /**
   * Subscribes to NOTIFY channels, all on one connection; the answer unsubscribes. On PostgreSQL a
   * lost connection is made again (with backoff) and LISTENs again; `onState` hears each loss and
   * each recovery, since whatever was announced in between is gone.
   */
  listen(handlers: ListenHandlers, opts?: ListenOptions): Promise<() => Promise<void>>;
  /** The embedded database's whole data directory as a tarball (tests clone it per file). */
  snapshot?(): Promise<Blob>;
  close(): Promise<void>;
}

/** Each channel's payload handler, by channel name. */
export type ListenHandlers = Readonly<Record<string, (payload: string) => void>>;
/** `listening`: every channel is LISTENed; `reconnecting`: the connection was lost and is being made again. */
export type ListenState = 'listening' | 'reconnecting';

export interface ListenOptions {
  onState?: (state: ListenState) => void;
  /** The wait before the first new attempt after a loss; it doubles (with jitter) up to `maxBackoffMs`. Default 100 ms. */
  minBackoffMs?: number;
  /** Default 5 s. */
  maxBackoffMs?: number;
  /** How often the held connection is asked `select 1`, so a silently dead one is noticed. Default 30 s. */
  pingMs?: number;
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
      (handlers, listenOpts) => listenPostgres(opts.databaseUrl ?? '', handlers, listenOpts),
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
      // In the same process as the database: there is no connection to lose, so it only ever listens.
      async (handlers) => {
        const stops = await Promise.all(Object.entries(handlers).map(([channel, onPayload]) => client.listen(channel, onPayload)));
        return async () => {
          for (const stop of stops) await stop();
        };
      },
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

/** The listener's name in pg_stat_activity, so an operator (or a test) can find its backend. */
export const LISTENER_APPLICATION_NAME = 'loupe-listen';

/**
 * LISTEN holds a connection for good, so it gets its own client rather than one of the pool's. The
 * first connection must succeed (a boot fails loudly); after that a lost one (the server restarted,
 * `pg_terminate_backend`, a dead network found by the ping) is made again, forever, until stopped:
 * waits of `minBackoffMs` doubling to `maxBackoffMs`, each drawn between half and all of that, so
 * many processes cut at once do not return in step.
 */
async function listenPostgres(url: string, handlers: ListenHandlers, opts: ListenOptions = {}): Promise<() => Promise<void>> {
  const { onState, minBackoffMs = 100, maxBackoffMs = 5_000, pingMs = 30_000 } = opts;
  const channels = Object.keys(handlers);
  let current: pg.Client | undefined;
  let stopped = false;
  let attempt = 0;
  let retry: NodeJS.Timeout | undefined;
  let ping: NodeJS.Timeout | undefined;

  const connect = async (): Promise<pg.Client> => {
    const client = new pg.Client({
      connectionString: url,
      application_name: LISTENER_APPLICATION_NAME,
      connectionTimeoutMillis: 10_000,
      query_timeout: 10_000,
      keepAlive: true,
    });
    client.on('error', () => lost(client));
    client.on('end', () => lost(client));
    client.on('notification', (n) => {
      const handler = Object.hasOwn(handlers, n.channel) ? handlers[n.channel] : undefined;
      if (handler && n.payload !== undefined) handler(n.payload);
    });
    try {
      await client.connect();
      if (channels.length > 0) await client.query(channels.map((c) => `listen ${pg.escapeIdentifier(c)}`).join('; '));
    } catch (err) {
      await client.end().catch(() => {});
      throw err;
    }
    return client;
  };

  function lost(client: pg.Client) {
    if (stopped || client !== current) return;
    current = undefined;
    clearInterval(ping);
    client.end().catch(() => {});
    onState?.('reconnecting');
    schedule();
  }

  function schedule() {
    const ceiling = Math.min(maxBackoffMs, minBackoffMs * 2 ** attempt);
    attempt += 1;
    retry = setTimeout(
      () => {
        retry = undefined;
        connect().then(
          (client) => {
            if (stopped) {
              client.end().catch(() => {});
              return;
            }
            attempt = 0;
            adopt(client);
            onState?.('listening');
          },
          () => {
            if (!stopped) schedule();
          },
        );
      },
      ceiling / 2 + Math.random() * (ceiling / 2),
    );
  }

  function adopt(client: pg.Client) {
    current = client;
    ping = setInterval(() => {
      client.query('select 1').catch(() => lost(client));
    }, pingMs);
    ping.unref();
  }

  adopt(await connect());
  return async () => {
    stopped = true;
    clearTimeout(retry);
    clearInterval(ping);
    const client = current;
    current = undefined;
    await client?.end().catch(() => {});
  };
}
