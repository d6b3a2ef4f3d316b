import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { activeOfKind, jobs } from '../../db/schema/index.js';
import { type BoardAnswer, cardOfRow, changesOf, readConditional } from './board-query.js';
import type { PipelineStore } from './store.js';

type Store = Pick<PipelineStore, 'def' | 'details' | 'cardColumns' | 'urgent'>;

const j = jobs;

/**
 * The board's first screen in one statement: each active stage's count and money (what its column's
 * head shows), and its first `per` cards in the kanban's order: the pipeline's urgent ones first, then
 * the soonest due (none last), then the newest, as the board's screen sorts them. Cards are built
 * only for the rows that are shown; each column's first ones are a top-N of that stage's rows, not a
 * sort of the whole board. Like the board, it reads the shop's change count in the same snapshot and
 * leaves the rest out when the client already holds it (`known`).
 */
function firstScreenSql(store: Store) {
  const { card, detailsJoin } = cardOfRow(store);
  const d = store.details;
  const active = activeOfKind(store.def, j.kind, j.stage);
  const shopId = sql.placeholder('shopId');
  const urgentFirst = store.urgent ? sql`${store.urgent} desc, ` : sql``;
  const urgentJoin = store.urgent ? sql`join ${d} on ${d.shopId} = ${j.shopId} and ${d.jobId} = ${j.id}` : sql``;
  return sql`with ${changesOf(shopId)}, columns as (
  select ${j.stage} as stage, count(*)::int as count, coalesce(sum(coalesce(${j.finalCents}, ${j.quotedCents}, 0)), 0)::bigint as cents
  from ${j} where ${j.shopId} = ${shopId} and ${active} group by ${j.stage}
), shown as (
  select picked.id from columns cross join lateral (
    select ${j.id} as id from ${j} ${urgentJoin}
    where ${j.shopId} = ${shopId} and ${active} and ${j.stage} = columns.stage
    order by ${urgentFirst}${j.dueDate} asc nulls last, ${j.createdAt} desc, ${j.reference} desc
    limit ${sql.placeholder('per')}
  ) picked
)
select changes.n as tag, case when changes.n = ${sql.placeholder('known')} then null else
  '{"columns":' || (select coalesce(json_agg(json_build_object('stage', stage, 'count', count, 'cents', cents)), '[]') from columns)::text
  || ',"items":[' || coalesce((
    select string_agg(cards.card, ',') from (
      select ${card} as card from ${j} ${detailsJoin}
      where ${j.shopId} = ${shopId} and ${j.id} in (select id from shown)
    ) cards
  ), '') || ']}'
end as body
from changes`;
}

/**
 * The first screen of one pipeline's board for the shop (see `firstScreenSql`) as JSON text with its
 * ETag, or only the ETag when `ifNoneMatch` names the shop's board as it still is.
 */
export function readFirstScreen(tx: Tx, store: Store, shopId: string, per: number, ifNoneMatch: string | undefined): Promise<BoardAnswer> {
  return readConditional(tx, `first_screen_${store.def.kind}_${per}`, () => firstScreenSql(store), shopId, ifNoneMatch, { per });
}
