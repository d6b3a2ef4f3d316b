import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../testing/sql.js';
import type { TestApp } from '../../testing/test-app.js';
import { testApp } from '../../testing/test-app.js';
import { pipelines } from '../jobs/registry.js';
import { boardStatement } from './board-query.js';

/**
 * The board is one statement that reads its cards in the order of the pipeline's board index: an
 * index scan, no sort (index only for a table vacuum has seen), whether PostgreSQL plans it for these
 * values or once for any (a prepared statement's generic plan), as the tenant, row-level security on.
 */

let t: TestApp;
let shopId: string;
const JOBS = 2_000;

beforeAll(async () => {
  t = await testApp();
  const ours = await t.newShop();
  shopId = ours.shop.id;
  // A board's shop shares the table with others: a neighbour of the same size, its jobs made at the same times.
  const neighbour = await t.newShop('Neighbour & Co');
  for (const s of [ours, neighbour]) expect((await s.client.post('/api/v1/customers', { name: 'Grace Holloway' })).statusCode).toBe(201);
  // A real board's worth of bespoke jobs each, a tenth of them collected, inserted in bulk.
  await rowsOf(
    t.db,
    sql`insert into jobs (shop_id, kind, reference, customer_id, title, quoted_cents, stage, tracking_code, created_at, updated_at, stage_changed_at)
        select c.shop_id, 'bespoke', 'B-' || lpad(g::text, 5, '0'), c.id, 'Commission ' || g, 100000 + g,
               case when g % 10 = 0 then 'collected' else 'cad' end, md5(c.shop_id::text || g), now() - make_interval(mins => ${JOBS} - g), now(), now()
        from generate_series(1, ${JOBS}) g cross join customers c where c.shop_id in (${ours.shop.id}, ${neighbour.shop.id})
        order by g`,
  );
  await rowsOf(t.db, sql`insert into bespoke_details (shop_id, job_id) select shop_id, id from jobs`);
  // What autovacuum does for a table this size: statistics, and the map of pages whose rows all can see.
  await rowsOf(t.db, sql`vacuum analyze jobs`);
});
afterAll(() => t.close());

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)];

/** The plan of one pipeline's board statement, as the tenant, for these values or as a generic plan. */
async function planOf(kind: string, archived: boolean, generic: boolean): Promise<PlanNode[]> {
  const store = pipelines.find((p) => p.kind === kind)?.store;
  if (!store) throw new Error(`no ${kind} pipeline`);
  const { text, params } = boardStatement(store, archived);
  const types = params.map((p) => (p === 'known' ? 'bigint' : 'uuid'));
  const values = params.map((p) => (p === 'known' ? '-1' : `'${shopId}'`));
  return t.db.tenant(shopId, async (tx) => {
    await tx.execute(sql.raw(`set local plan_cache_mode = ${generic ? 'force_generic_plan' : 'force_custom_plan'}`));
    await tx.execute(sql.raw(`prepare board_plan(${types.join(', ')}) as ${text}`));
    try {
      const res = (await tx.execute(sql.raw(`explain (format json) execute board_plan(${values.join(', ')})`))) as unknown as {
        rows: { 'QUERY PLAN': [{ Plan: PlanNode }] | string }[];
      };
      const raw = res.rows[0]?.['QUERY PLAN'];
      const doc = typeof raw === 'string' ? (JSON.parse(raw) as [{ Plan: PlanNode }]) : raw;
      if (!doc) throw new Error('no plan');
      return nodes(doc[0].Plan);
    } finally {
      await tx.execute(sql.raw('deallocate board_plan'));
    }
  });
}

describe('the board statement’s plan', () => {
  it.each([false, true])('reads 1,800 active bespoke cards from jobs_board_bespoke_idx alone, in order (generic plan: %s)', async (generic) => {
    const plan = await planOf('bespoke', false, generic);
    const jobsScans = plan.filter((n) => n['Relation Name'] === 'jobs');
    expect(jobsScans).toEqual([expect.objectContaining({ 'Node Type': 'Index Only Scan', 'Index Name': 'jobs_board_bespoke_idx' })]);
    expect(plan.map((n) => n['Node Type'])).not.toContain('Sort');
  });

  it.each(pipelines.map((p) => p.kind))('has an index that serves the %s board’s order', async (kind) => {
    const plan = await planOf(kind, false, true);
    expect(plan.some((n) => n['Index Name'] === `jobs_board_${kind}_idx`)).toBe(true);
    expect(plan.map((n) => n['Node Type'])).not.toContain('Sort');
  });
});
