import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Tx } from './client.js';

const statements = new WeakMap<Tx, Map<string, unknown>>();

/**
 * A statement prepared once per connection and kept with it. On the server a tenant transaction's
 * `tx` is the same object for every transaction on one pooled connection, so a hot query (the job a
 * move answers with) is built by Drizzle and parsed and planned by PostgreSQL once per connection,
 * not once per request. On PGlite each transaction has its own `tx` and this is only a build.
 * `name` must be unique to the SQL text it prepares.
 */
export function preparedOn<T>(tx: Tx, name: string, prepare: () => T): T {
  let byName = statements.get(tx);
  if (!byName) {
    byName = new Map();
    statements.set(tx, byName);
  }
  let statement = byName.get(name) as T | undefined;
  if (statement === undefined) {
    statement = prepare();
    byName.set(name, statement);
  }
  return statement;
}

const dialect = new PgDialect();

/** The rows a prepared statement of hand-written SQL answers with (both drivers answer `{ rows }`). */
export interface SqlStatement<Row> {
  execute(values: Record<string, unknown>): Promise<{ rows: Row[] }>;
}

/**
 * Hand-written SQL (a CTE that Drizzle's builders cannot say) as a statement prepared once per
 * connection: `build` uses `sql.placeholder(name)` for every value, and `execute` fills them.
 */
export function preparedSql<Row>(tx: Tx, name: string, build: () => SQL): SqlStatement<Row> {
  return preparedOn(tx, name, () => tx._.session.prepareQuery(dialect.sqlToQuery(build()), undefined, name, false) as unknown as SqlStatement<Row>);
}
