import { type SQL, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bespokeStages } from '../domain/bespoke-pipeline.js';
import { makeBespokeJob, makeShop } from '../seed/factories.js';
import { rowsOf } from '../testing/sql.js';
import { TestClock } from '../testing/test-app.js';
import { testDatabase } from '../testing/test-database.js';
import type { Database } from './client.js';

/**
 * The database itself refuses a stage word outside the pipeline's twelve, whatever the code does.
 * Everything here goes through `db.raw`, the owner's connection: no Zod, no service, no policy in the way.
 */

let db: Database;
let shopId: string;
let jobId: string;
let customerId: string;

beforeAll(async () => {
  db = await testDatabase();
  const deps = { db, clock: new TestClock(), config: { publicUrl: 'http://loupe.test' } };
  const { shop, actor } = await makeShop(deps);
  shopId = shop.id;
  const job = await makeBespokeJob(deps, actor, { path: ['consultation'] });
  jobId = job.id;
  customerId = job.customer.id;
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

const stageOf = (id: string) => one<{ stage: string }>(sql`select stage from bespoke_jobs where id = ${id}`).then((r) => r.stage);

const insertJob = (stage: string, held: string | null = null) => sql`
  insert into bespoke_jobs (shop_id, reference, customer_id, title, stage, held_from_stage, tracking_code)
  values (${shopId}, ${`B-X${Math.random().toString(36).slice(2, 10)}`}, ${customerId}, 'Raw insert', ${stage}, ${held}, ${`raw-${Math.random()}`})
  returning id`;

const insertHistory = (stage: string, fromStage: string | null) => sql`
  insert into bespoke_job_stages (shop_id, job_id, stage, from_stage) values (${shopId}, ${jobId}, ${stage}, ${fromStage}) returning id`;

// Near misses a careless caller might send: wrong case, padding, the customer-facing label, a repair stage, empty.
const unknownWords = ['polished', 'READY', 'Ready', ' ready', 'ready ', 'on hold', 'deposit-received', 'Deposit received', 'quoted', ''];

describe('the stage CHECK constraint on bespoke_jobs', () => {
  it('accepts each of the twelve stage words (the control)', async () => {
    for (const stage of bespokeStages) {
      const row = await one<{ id: string }>(insertJob(stage));
      expect(await stageOf(row.id)).toBe(stage);
    }
  });

  it.each(unknownWords)('refuses an INSERT with the stage %j', async (word) => {
    const before = await one<{ n: number }>(sql`select count(*)::int as n from bespoke_jobs`);
    expect(await refusal(insertJob(word))).toEqual({ code: '23514', constraint: 'bespoke_jobs_stage_check' });
    expect(await one<{ n: number }>(sql`select count(*)::int as n from bespoke_jobs`)).toEqual(before);
  });

  it.each(unknownWords)('refuses an UPDATE to the stage %j and leaves the row as it was', async (word) => {
    expect(await refusal(sql`update bespoke_jobs set stage = ${word} where id = ${jobId}`)).toEqual({
      code: '23514',
      constraint: 'bespoke_jobs_stage_check',
    });
    expect(await stageOf(jobId)).toBe('consultation');
  });

  it('refuses an UPDATE of every row at once, changing none of them', async () => {
    const everyStage = sql`select id, stage from bespoke_jobs order by id`;
    const before = await rowsOf(db, everyStage);
    expect(await refusal(sql`update bespoke_jobs set stage = 'finished'`)).toEqual({ code: '23514', constraint: 'bespoke_jobs_stage_check' });
    expect(await rowsOf(db, everyStage)).toEqual(before);
  });

  it('refuses a NULL stage (NOT NULL) and an unknown held_from_stage (its own CHECK)', async () => {
    expect((await refusal(sql`update bespoke_jobs set stage = null where id = ${jobId}`)).code).toBe('23502');
    expect(await refusal(sql`update bespoke_jobs set stage = 'on_hold', held_from_stage = 'sketching' where id = ${jobId}`)).toEqual({
      code: '23514',
      constraint: 'bespoke_jobs_held_from_stage_check',
    });
    expect(await refusal(insertJob('on_hold', 'sketching'))).toEqual({ code: '23514', constraint: 'bespoke_jobs_held_from_stage_check' });
    expect(await stageOf(jobId)).toBe('consultation');
  });
});

describe('the stage CHECK constraints on bespoke_job_stages', () => {
  const historyCount = () => one<{ n: number }>(sql`select count(*)::int as n from bespoke_job_stages where job_id = ${jobId}`).then((r) => r.n);

  it('accepts a known stage and from_stage (the control)', async () => {
    const row = await one<{ id: string }>(insertHistory('cad', 'consultation'));
    expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
    await db.raw.execute(sql`delete from bespoke_job_stages where id = ${row.id}`);
  });

  it.each(unknownWords)('refuses an INSERT with the stage %j', async (word) => {
    const before = await historyCount();
    expect(await refusal(insertHistory(word, 'consultation'))).toEqual({ code: '23514', constraint: 'bespoke_job_stages_stage_check' });
    expect(await historyCount()).toBe(before);
  });

  it.each(unknownWords)('refuses an INSERT with the from_stage %j', async (word) => {
    const before = await historyCount();
    expect(await refusal(insertHistory('cad', word))).toEqual({ code: '23514', constraint: 'bespoke_job_stages_from_stage_check' });
    expect(await historyCount()).toBe(before);
  });

  it('refuses an UPDATE of a history row to an unknown stage or from_stage, leaving it as it was', async () => {
    const { id } = await one<{ id: string }>(sql`select id from bespoke_job_stages where job_id = ${jobId} and stage = 'consultation'`);
    expect(await refusal(sql`update bespoke_job_stages set stage = 'sketching' where id = ${id}`)).toEqual({
      code: '23514',
      constraint: 'bespoke_job_stages_stage_check',
    });
    expect(await refusal(sql`update bespoke_job_stages set from_stage = 'Enquiry' where id = ${id}`)).toEqual({
      code: '23514',
      constraint: 'bespoke_job_stages_from_stage_check',
    });
    expect(await one(sql`select stage, from_stage from bespoke_job_stages where id = ${id}`)).toEqual({ stage: 'consultation', from_stage: 'enquiry' });
  });
});
