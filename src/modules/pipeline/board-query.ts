import { createHash } from 'node:crypto';
import { type Placeholder, type SQL, sql } from 'drizzle-orm';
import { type PgColumn, PgDialect } from 'drizzle-orm/pg-core';
import type { Tx } from '../../db/client.js';
import { preparedSql } from '../../db/prepared.js';
import { activeOfKind, jobs, shopChanges } from '../../db/schema/index.js';
import type { PipelineStore } from './store.js';

/**
 * The board in one statement: PostgreSQL writes the answer's JSON text and Node sends it as it is.
 * An active board's cards are read from the job rows alone (money sums, latest photo and customer's
 * name are kept on them) through the pipeline's board index, in its order and index only: no sort, no
 * join but the pipeline's own card columns. Each card is built by concatenation (cheaper than
 * json_build_object and json_strip_nulls, and the same text). A board with the archived is rarer and
 * reads the shop's jobs of the kind, then sorts.
 * The same statement reads the shop's change count, in the same snapshot, and leaves the cards out
 * when it equals the one the client already has (`known`): the answer is then a 304.
 */

type Store = Pick<PipelineStore, 'def' | 'details' | 'cardColumns'>;

/** How a value is written into JSON: escaped as a string by `to_json`, or as it is (uuids quoted). */
type Encoding = 'json' | 'uuid' | 'number';

interface Field {
  key: string;
  value: SQL | PgColumn;
  as: Encoding;
}

const j = jobs;

/** What every card carries, in this order; `cardOf` (schemas.ts) documents each. */
const shared: readonly Field[] = [
  { key: 'ref', value: j.reference, as: 'json' },
  { key: 'title', value: j.title, as: 'json' },
  { key: 'stage', value: j.stage, as: 'json' },
  { key: 'held', value: j.heldFromStage, as: 'json' },
  { key: 'customer', value: j.customerName, as: 'json' },
  { key: 'due', value: j.dueDate, as: 'json' },
  { key: 'quoted', value: j.quotedCents, as: 'number' },
  { key: 'final', value: j.finalCents, as: 'number' },
  { key: 'deposit', value: sql`nullif(${j.depositCents}, 0)`, as: 'number' },
  { key: 'paid', value: sql`nullif(${j.paidCents}, 0)`, as: 'number' },
  { key: 'photo', value: j.photoId, as: 'uuid' },
];

const encode = (f: Field) => {
  if (f.as === 'json') return sql`to_json(${f.value})`;
  if (f.as === 'uuid') return sql`'"' || ${f.value} || '"'`;
  return sql`${f.value}::text`;
};

/** `,"key":value`, or nothing when the value is null. */
const member = (f: Field) => sql`coalesce(${sql.raw(`',${JSON.stringify(f.key).replaceAll("'", "''")}:'`)} || ${encode(f)}, '')`;

/** A card's JSON text, and the join to the pipeline's details table that its own columns need (if any). */
export function cardOfRow(store: Store): { card: SQL; detailsJoin: SQL } {
  const d = store.details;
  const own: Field[] = Object.entries(store.cardColumns).map(([key, value]) => ({ key, value, as: 'json' }));
  const card = sql`'{"id":"' || ${j.id} || '"' || ${sql.join([...shared, ...own].map(member), sql` || `)} || '}'`;
  const detailsJoin = own.length > 0 ? sql`join ${d} on ${d.shopId} = ${j.shopId} and ${d.jobId} = ${j.id}` : sql``;
  return { card, detailsJoin };
}

/** `changes`: the shop's change count, for a statement that answers only when it differs from the client's `known`. */
export const changesOf = (shopId: Placeholder) =>
  sql`changes as (select coalesce(sum(${shopChanges.n}), 0)::bigint as n from ${shopChanges} where ${shopChanges.shopId} = ${shopId})`;

/** One pipeline's board as SQL with two placeholders: `shopId`, and `known` (the change count the client has, or -1). */
export function boardSql(store: Store, archived: boolean): SQL {
  const { card, detailsJoin } = cardOfRow(store);
  const which = archived ? sql`${j.kind} = ${sql.raw(`'${store.def.kind}'`)}` : activeOfKind(store.def, j.kind, j.stage);
  const shopId = sql.placeholder('shopId');
  return sql`with ${changesOf(shopId)}
select changes.n as tag, case when changes.n = ${sql.placeholder('known')} then null else (
  select '{"items":[' || coalesce(string_agg(cards.card, ','), '') || ']}' from (
    select ${card} as card
    from ${j}
    ${detailsJoin}
    where ${j.shopId} = ${shopId} and ${which}
    order by ${j.createdAt} desc, ${j.reference} desc
  ) cards
) end as body
from changes`;
}

const dialect = new PgDialect();

/** The statement's text and its parameters' names in order (`$1` is the first): for pgbench and EXPLAIN. */
export function boardStatement(store: Store, archived: boolean): { text: string; params: string[] } {
  const q = dialect.sqlToQuery(boardSql(store, archived));
  return { text: q.sql, params: q.params.map((p) => (p as { name: string }).name) };
}

/** A statement that answers with the shop's change count (`tag`) and, unless the client holds it, its JSON text (`body`). */
interface Conditional {
  name: string;
  /** Names this statement's shape in the ETag: a new build's answer says so, and old tags stop matching. */
  format: string;
}

const conditionals = new Map<string, Conditional>();

function conditionalOf(name: string, build: () => SQL): Conditional {
  let c = conditionals.get(name);
  if (!c) {
    // The name too: one statement with other values (a first screen of other length) is another answer.
    const format = createHash('sha256')
      .update(`${name}\n${dialect.sqlToQuery(build()).sql}`)
      .digest('base64url')
      .slice(0, 10);
    c = { name, format };
    conditionals.set(name, c);
  }
  return c;
}

export interface BoardAnswer {
  /** Weak: the text is the same for the same count, but a compressed answer is other bytes. */
  etag: string;
  /** The answer's JSON text; null when the client's copy is current. */
  body: string | null;
}

/**
 * `W/"<format>.<shop>.<count>"`: the statement's shape, the shop (a browser shared by two shops
 * must not be told one's board is the other's) and the shop's change count.
 */
const etagOf = (c: Conditional, shopId: string, count: string) => `W/"${c.format}.${shopTag(shopId)}.${count}"`;

const shopTag = (shopId: string) => createHash('sha256').update(shopId).digest('base64url').slice(0, 8);

/** The change count an If-None-Match names for this statement and shop, or -1 (any other tag, or none). */
function knownCount(c: Conditional, shopId: string, ifNoneMatch: string | undefined): string {
  if (!ifNoneMatch) return '-1';
  const prefix = `"${c.format}.${shopTag(shopId)}.`;
  for (const raw of ifNoneMatch.split(',')) {
    const tag = raw.trim().replace(/^W\//, '');
    if (tag.startsWith(prefix) && tag.endsWith('"')) {
      const count = tag.slice(prefix.length, -1);
      if (/^\d{1,18}$/.test(count)) return count;
    }
  }
  return '-1';
}

/**
 * Runs a conditional statement (placeholders `shopId`, `known` and any of `values`), prepared once per
 * connection: its JSON text and ETag, or only the ETag when the client's `ifNoneMatch` is current.
 */
export async function readConditional(
  tx: Tx,
  name: string,
  build: () => SQL,
  shopId: string,
  ifNoneMatch: string | undefined,
  values: Record<string, unknown> = {},
): Promise<BoardAnswer> {
  const c = conditionalOf(name, build);
  const statement = preparedSql<{ tag: string; body: string | null }>(tx, name, build);
  const { rows } = await statement.execute({ shopId, known: knownCount(c, shopId, ifNoneMatch), ...values });
  const row = rows[0];
  if (!row) throw new Error(`the ${name} statement answered no row`);
  return { etag: etagOf(c, shopId, String(row.tag)), body: row.body };
}

/** Reads one pipeline's board for the shop, or only its change count when the client's `ifNoneMatch` is current. */
export function readBoard(tx: Tx, store: Store, shopId: string, archived: boolean, ifNoneMatch: string | undefined): Promise<BoardAnswer> {
  return readConditional(tx, `board_${store.def.kind}_${archived ? 'all' : 'active'}`, () => boardSql(store, archived), shopId, ifNoneMatch);
}
