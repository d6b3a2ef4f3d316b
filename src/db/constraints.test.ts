import { type SQL, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allStages } from '../domain/pipeline.js';
import { jobHooks } from '../job-hooks.js';
import { SecretBox } from '../modules/notifications/secret-box.js';
import { makeAppraisal, makeBespokeJob, makeCustomer, makeRepairJob, makeShop } from '../seed/factories.js';
import { mainLine, pipelinesUnderTest, stageNearMisses } from '../testing/pipelines.js';
import { rowsOf } from '../testing/sql.js';
import { TestClock } from '../testing/test-app.js';
import { testDatabase } from '../testing/test-database.js';
import type { Database } from './client.js';

/**
 * The database itself refuses a stage word outside each pipeline's own, whatever the code does.
 * Everything here goes through `db.raw`, the owner's connection: no Zod, no service, no policy in the way.
 */

let db: Database;
let shopId: string;
let customerId: string;
/** One job per pipeline, sitting in its second stage, by kind. */
const jobIds: Record<string, string> = {};

beforeAll(async () => {
  db = await testDatabase();
  const deps = { db, clock: new TestClock(), jobHooks: jobHooks(new SecretBox(null)), config: { publicUrl: 'http://loupe.test' } };
  const { shop, actor } = await makeShop(deps);
  shopId = shop.id;
  customerId = (await makeCustomer(deps, actor)).id;
  const makers = { bespoke: makeBespokeJob, repair: makeRepairJob, appraisal: makeAppraisal } as const;
  for (const p of pipelinesUnderTest) {
    const make = makers[p.def.kind as keyof typeof makers];
    jobIds[p.def.kind] = (await make(deps, actor, { customerId, path: [mainLine(p.def).at(1)] })).id;
  }
});
afterAll(() => db.close());

interface PgFailure {
  code: string | undefined;
  constraint: string | undefined;
}

/** Runs a statement that must fail, and answers PostgreSQL's own SQLSTATE and constraint name. */
async function refusal(statement: SQL): Promise<PgFailure> {
  let caught: unknown;
  try {
    await db.raw.execute(statement);
  } catch (err) {
    caught = err;
  }
  expect(caught, 'the database accepted the statement').toBeInstanceOf(Error);
  const cause = (caught as Error).cause as { code?: string; constraint?: string } | undefined;
  return { code: cause?.code, constraint: cause?.constraint };
}

const one = async <T>(statement: SQL): Promise<T> => {
  const [row] = await rowsOf<T>(db, statement);
  if (row === undefined) throw new Error('no row');
  return row;
};

const refused = (constraint: string): PgFailure => ({ code: '23514', constraint });

describe.each(pipelinesUnderTest.map((p) => [p.jobsTable, p] as const))('the stage CHECK constraints on %s', (jobsTable, p) => {
  const jobs = sql.identifier(jobsTable);
  const jobId = () => jobIds[p.def.kind] ?? '';
  const second = mainLine(p.def).at(1);
  const stageOf = (id: string) => one<{ stage: string }>(sql`select stage from ${jobs} where id = ${id}`).then((r) => r.stage);
  const own = Object.entries(p.ownColumns);

  const insertJob = (stage: string, held: string | null = null) => sql`
    insert into ${jobs} (shop_id, reference, customer_id, title, stage, held_from_stage, tracking_code${sql.join(
      own.map(([column]) => sql`, ${sql.identifier(column)}`),
    )})
    values (${shopId}, ${`X-${Math.random().toString(36).slice(2, 10)}`}, ${customerId}, 'Raw insert', ${stage}, ${held}, ${`raw-${Math.random()}`}${sql.join(
      own.map(([, value]) => sql`, ${value}`),
    )})
    returning id`;

  it('accepts each of its stage words (the control)', async () => {
    for (const stage of allStages(p.def)) {
      const row = await one<{ id: string }>(insertJob(stage));
      expect(await stageOf(row.id)).toBe(stage);
    }
  });

  it.each(stageNearMisses(p.def))('refuses an INSERT with the stage %j', async (word) => {
    const before = await one<{ n: number }>(sql`select count(*)::int as n from ${jobs}`);
    expect(await refusal(insertJob(word))).toEqual(refused(`${jobsTable}_stage_check`));
    expect(await one<{ n: number }>(sql`select count(*)::int as n from ${jobs}`)).toEqual(before);
  });

  it.each(stageNearMisses(p.def))('refuses an UPDATE to the stage %j and leaves the row as it was', async (word) => {
    expect(await refusal(sql`update ${jobs} set stage = ${word} where id = ${jobId()}`)).toEqual(refused(`${jobsTable}_stage_check`));
    expect(await stageOf(jobId())).toBe(second);
  });

  it('refuses an UPDATE of every row at once, changing none of them', async () => {
    const everyStage = sql`select id, stage from ${jobs} order by id`;
    const before = await rowsOf(db, everyStage);
    expect(await refusal(sql`update ${jobs} set stage = 'finished'`)).toEqual(refused(`${jobsTable}_stage_check`));
    expect(await rowsOf(db, everyStage)).toEqual(before);
  });

  it('refuses a NULL stage (NOT NULL) and an unknown held_from_stage (its own CHECK)', async () => {
    expect((await refusal(sql`update ${jobs} set stage = null where id = ${jobId()}`)).code).toBe('23502');
    expect(await refusal(sql`update ${jobs} set stage = ${p.def.hold}, held_from_stage = 'sketching' where id = ${jobId()}`)).toEqual(
      refused(`${jobsTable}_held_from_stage_check`),
    );
    expect(await refusal(insertJob(p.def.hold, 'sketching'))).toEqual(refused(`${jobsTable}_held_from_stage_check`));
    expect(await stageOf(jobId())).toBe(second);
  });
});

describe.each(pipelinesUnderTest.map((p) => [p.historyTable, p] as const))('the stage CHECK constraints on %s', (historyTable, p) => {
  const history = sql.identifier(historyTable);
  const jobId = () => jobIds[p.def.kind] ?? '';
  const line = mainLine(p.def);
  const [first, second, third] = [line.at(0), line.at(1), line.at(2)];
  const historyCount = () => one<{ n: number }>(sql`select count(*)::int as n from ${history} where job_id = ${jobId()}`).then((r) => r.n);
  const insertHistory = (stage: string, fromStage: string | null) =>
    sql`insert into ${history} (shop_id, job_id, kind, stage, from_stage) values (${shopId}, ${jobId()}, ${p.def.kind}, ${stage}, ${fromStage}) returning id`;

  it('accepts a known stage and from_stage (the control)', async () => {
    const row = await one<{ id: string }>(insertHistory(third, second));
    expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
    await db.raw.execute(sql`delete from ${history} where id = ${row.id}`);
  });

  it.each(stageNearMisses(p.def))('refuses an INSERT with the stage %j', async (word) => {
    const before = await historyCount();
    expect(await refusal(insertHistory(word, second))).toEqual(refused(`${historyTable}_stage_check`));
    expect(await historyCount()).toBe(before);
  });

  it.each(stageNearMisses(p.def))('refuses an INSERT with the from_stage %j', async (word) => {
    const before = await historyCount();
    expect(await refusal(insertHistory(third, word))).toEqual(refused(`${historyTable}_from_stage_check`));
    expect(await historyCount()).toBe(before);
  });

  it.each(stageNearMisses(p.def))('refuses an UPDATE of a history row to the stage or from_stage %j, leaving it as it was', async (word) => {
    const { id } = await one<{ id: string }>(sql`select id from ${history} where job_id = ${jobId()} and stage = ${second}`);
    expect(await refusal(sql`update ${history} set stage = ${word} where id = ${id}`)).toEqual(refused(`${historyTable}_stage_check`));
    expect(await refusal(sql`update ${history} set from_stage = ${word} where id = ${id}`)).toEqual(refused(`${historyTable}_from_stage_check`));
    expect(await one(sql`select stage, from_stage from ${history} where id = ${id}`)).toEqual({ stage: second, from_stage: first });
  });
});

describe("a repair's own CHECK constraints", () => {
  const repairId = () => jobIds.repair ?? '';

  it('refuses an unknown item type and a negative declared value on repair_details', async () => {
    for (const itemType of ['tiara', 'Ring', '']) {
      expect(await refusal(sql`update repair_details set item_type = ${itemType} where job_id = ${repairId()}`)).toEqual(
        refused('repair_details_item_type_known'),
      );
    }
    expect(await refusal(sql`update repair_details set declared_value_cents = -1 where job_id = ${repairId()}`)).toEqual(
      refused('repair_details_declared_value_check'),
    );
    expect(await one(sql`select item_type, declared_value_cents::int from repair_details where job_id = ${repairId()}`)).toEqual({
      item_type: 'ring',
      declared_value_cents: null,
    });
  });

  it('refuses a work line of an unknown kind or a negative price', async () => {
    const line = (kind: string, price: number) =>
      sql`insert into repair_work_lines (shop_id, job_id, position, kind, price_cents) values (${shopId}, ${repairId()}, 9, ${kind}, ${price})`;
    expect(await refusal(line('engrave', 100))).toEqual(refused('repair_work_lines_kind_known'));
    expect(await refusal(line('re-tip', 100))).toEqual(refused('repair_work_lines_kind_known'));
    expect(await refusal(line('resize', -1))).toEqual(refused('repair_work_lines_price_check'));
    expect(await rowsOf(db, sql`select kind, price_cents::int from repair_work_lines where job_id = ${repairId()}`)).toEqual([
      { kind: 'resize', price_cents: 4_500 },
    ]);
  });
});
