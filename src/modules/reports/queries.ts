import { type SQL, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import type { ReportPipeline } from './figures.js';

/** Every figure is computed here, in SQL, from the stage history (`job_stages`), `jobs` and the ledger. */

export interface Range {
  shopId: string;
  timeZone: string;
  /** The first instant of the first day, in the shop's zone (ISO 8601). */
  from: string;
  /** The first instant after the last day. */
  to: string;
  /** The first and last days, in the shop's zone (YYYY-MM-DD). */
  fromDay: string;
  toDay: string;
  now: string;
}

async function rows<T>(tx: Tx, query: SQL): Promise<T[]> {
  const res = (await tx.execute(query)) as unknown as { rows: T[] };
  return res.rows;
}

/** A list of stage words as a text[] parameter (stage words never hold a comma). */
const words = (list: readonly string[]) => sql`string_to_array(${list.join(',')}, ',')`;
const days = (interval: SQL) => sql`(extract(epoch from ${interval})::float8 / 86400)`;
const r2 = (value: SQL) => sql`round((${value})::numeric, 2)::float8`;
const week = (at: SQL, tz: string) => sql`to_char(date_trunc('week', ${at} at time zone ${tz}), 'YYYY-MM-DD')`;

export async function roomToSort(tx: Tx) {
  await tx.execute(sql`select set_config('work_mem', '32MB', true)`);
}

/** The instants that bound [from, to] as whole days in the zone. */
export async function rangeBounds(tx: Tx, from: string, to: string, timeZone: string) {
  const [row] = await rows<{ f: string | Date; t: string | Date }>(
    tx,
    sql`select (${from}::date::timestamp at time zone ${timeZone}) as f, ((${to}::date + 1)::timestamp at time zone ${timeZone}) as t`,
  );
  if (!row) throw new Error('no bounds');
  return { from: new Date(row.f).toISOString(), to: new Date(row.t).toISOString() };
}

export async function shopOf(tx: Tx, shopId: string) {
  const [row] = await rows<{ time_zone: string; benchmark_opt_out: boolean; today: string }>(
    tx,
    sql`select time_zone, benchmark_opt_out, to_char((now() at time zone time_zone)::date, 'YYYY-MM-DD') as today from shops where id = ${shopId}`,
  );
  if (!row) throw new Error('shop not found');
  return { timeZone: row.time_zone, benchmarkOptOut: row.benchmark_opt_out, today: row.today };
}

export async function setBenchmarkOptOut(tx: Tx, shopId: string, optOut: boolean) {
  await tx.execute(sql`update shops set benchmark_opt_out = ${optOut} where id = ${shopId}`);
}

/** Per-job instants, kept by a trigger on the history in the same transaction as each move (report_jobs). */
const facts = (r: Range, p: ReportPipeline) => sql`report_jobs f where f.shop_id = ${r.shopId} and f.kind = ${p.kind}`;
const within = (col: SQL, r: Range) => sql`${col} >= ${r.from} and ${col} < ${r.to}`;

/** Jobs whose first entry into the ready stage is in the period, with the days from start to ready and on hold. */
const cycleJobs = (r: Range, p: ReportPipeline) =>
  sql`(select f.job_id, ${days(sql`f.ready_at - f.start_at`)} as total_days, f.hold_days from ${facts(r, p)} and ${within(sql`f.ready_at`, r)} and f.start_at is not null)`;

/** Pieces first collected in the period, with the days since they last became ready before that. */
const collectedJobs = (r: Range, p: ReportPipeline) =>
  sql`(select f.job_id, ${days(sql`f.collected_at - f.shelf_ready_at`)} as days from ${facts(r, p)} and ${within(sql`f.collected_at`, r)} and f.shelf_ready_at is not null)`;

interface Num {
  [key: string]: number | null;
}

export async function cycle(tx: Tx, r: Range, p: ReportPipeline) {
  const net = sql`c.total_days - c.hold_days`;
  const [row] = await rows<Num>(
    tx,
    sql`select count(*)::int as jobs,
      ${r2(sql`percentile_cont(0.5) within group (order by ${net})`)} as "medianDays",
      ${r2(sql`percentile_cont(0.9) within group (order by ${net})`)} as "p90Days",
      ${r2(sql`avg(${net})`)} as "meanDays",
      ${r2(sql`avg(c.hold_days)`)} as "meanHoldDays",
      ${r2(sql`percentile_cont(0.5) within group (order by c.total_days)`)} as "medianElapsedDays"
    from ${cycleJobs(r, p)} c`,
  );
  return row ?? {};
}

export const cycleJobIds = (r: Range, p: ReportPipeline) => sql`select c.job_id from ${cycleJobs(r, p)} c`;

/** Per job of the pipeline whose first entry into the design stage is in the period: entries into it, and whether a design came back from review. */
const iterationJobs = (r: Range, p: ReportPipeline) =>
  sql`(select f.job_id, f.design_entries as n, f.went_back from ${facts(r, p)} and ${within(sql`f.design_first_at`, r)})`;

const ITERATION_CAP = 4;

/** Jobs per count of entries (the last bucket takes every count from the cap up), with their entries in all. */
export async function iterations(tx: Tx, r: Range, p: ReportPipeline) {
  if (!p.iteration) return null;
  const list = await rows<{ n: number; jobs: number; rounds: number; went_back: number }>(
    tx,
    sql`select least(j.n, ${ITERATION_CAP})::int as n, count(*)::int as jobs, sum(j.n)::int as rounds,
        count(*) filter (where j.went_back)::int as went_back
      from ${iterationJobs(r, p)} j group by 1 order by 1`,
  );
  return list;
}

export function iterationJobIds(r: Range, p: ReportPipeline, bucket: number | null, wentBackOnly: boolean) {
  if (!p.iteration) return null;
  const bucketCond = bucket === null ? sql`` : bucket >= ITERATION_CAP ? sql` and j.n >= ${ITERATION_CAP}` : sql` and j.n = ${bucket}`;
  const back = wentBackOnly ? sql` and j.went_back` : sql``;
  return sql`select j.job_id from ${iterationJobs(r, p)} j where true${bucketCond}${back}`;
}

export { ITERATION_CAP };

export async function shelfNow(tx: Tx, r: Range, p: ReportPipeline) {
  return rows<{ id: string; reference: string; title: string; days: number }>(
    tx,
    sql`select j.id, j.reference, j.title, ${r2(days(sql`${r.now}::timestamptz - j.stage_changed_at`))} as days
      from jobs j where j.shop_id = ${r.shopId} and j.kind = ${p.kind} and j.stage = ${p.ready} order by j.stage_changed_at, j.reference`,
  );
}

export const shelfJobIds = (r: Range, p: ReportPipeline) =>
  sql`select j.id from jobs j where j.shop_id = ${r.shopId} and j.kind = ${p.kind} and j.stage = ${p.ready}`;

export async function readyToCollected(tx: Tx, r: Range, p: ReportPipeline) {
  if (!p.collected) return null;
  const [row] = await rows<Num>(
    tx,
    sql`select count(*)::int as jobs,
      ${r2(sql`percentile_cont(0.5) within group (order by c.days)`)} as "medianDays",
      ${r2(sql`percentile_cont(0.9) within group (order by c.days)`)} as "p90Days",
      ${r2(sql`avg(c.days)`)} as "meanDays"
    from ${collectedJobs(r, p)} c`,
  );
  return row ?? {};
}

export const collectedJobIds = (r: Range, p: ReportPipeline) => (p.collected ? sql`select c.job_id from ${collectedJobs(r, p)} c` : null);

/** The per-day counts (report_stage_days) of one pipeline in the period. */
const stageDays = (r: Range, p: ReportPipeline) =>
  sql`report_stage_days d where d.shop_id = ${r.shopId} and d.kind = ${p.kind} and d.day >= ${r.fromDay}::date and d.day <= ${r.toDay}::date`;
const weekOfDay = (day: SQL) => sql`to_char(date_trunc('week', (${day})::timestamp), 'YYYY-MM-DD')`;

/** Each history row is a job entering its stage and leaving the one before: counted per day as it is written. */
export async function throughput(tx: Tx, r: Range, p: ReportPipeline) {
  return rows<{ week: string; stage: string; entered: number; left: number }>(
    tx,
    sql`select ${weekOfDay(sql`d.day`)} as week, d.stage, sum(d.entered)::int as entered, sum(d."left")::int as left
      from ${stageDays(r, p)} group by 1, 2 order by 1, 2`,
  );
}

export const throughputJobIds = (r: Range, p: ReportPipeline, weekOf: string | null, stage: string | null) =>
  sql`select distinct s.job_id from job_stages s where s.shop_id = ${r.shopId} and s.kind = ${p.kind} and s.at >= ${r.from} and s.at < ${r.to}
    ${weekOf ? sql`and ${week(sql`s.at`, r.timeZone)} = ${weekOf}` : sql``} ${stage ? sql`and (s.stage = ${stage} or s.from_stage = ${stage})` : sql``}`;

/** Stays in a stage (entry to the next entry) that ended in the period. */
const stays = (r: Range, p: ReportPipeline) =>
  sql`(select h.job_id, h.stage, h.entered_at as at, h.left_at from report_stays h where h.shop_id = ${r.shopId} and h.kind = ${p.kind} and ${within(sql`h.left_at`, r)})`;

export async function stageTime(tx: Tx, r: Range, p: ReportPipeline) {
  return rows<{ stage: string; stays: number; meanDays: number; medianDays: number }>(
    tx,
    sql`select h.stage, count(*)::int as stays, ${r2(sql`avg(${days(sql`h.left_at - h.at`)})`)} as "meanDays",
        ${r2(sql`percentile_cont(0.5) within group (order by ${days(sql`h.left_at - h.at`)})`)} as "medianDays"
      from ${stays(r, p)} h group by h.stage`,
  );
}

export const stageTimeJobIds = (r: Range, p: ReportPipeline, stage: string | null) =>
  sql`select distinct h.job_id from ${stays(r, p)} h where true ${stage ? sql`and h.stage = ${stage}` : sql``}`;

/** Jobs on the board at the end of each week: +1 on entering an active stage, -1 on leaving one, counted per day. */
export async function wip(tx: Tx, r: Range, p: ReportPipeline) {
  return rows<{ week: string; wip: number }>(
    tx,
    sql`with d as (
        select d.day, sum(d.entered - d."left")::int as delta from report_stage_days d
        where d.shop_id = ${r.shopId} and d.kind = ${p.kind} and d.day <= ${r.toDay}::date and d.stage <> all(${words(p.archived)})
        group by d.day
      ), base as (select coalesce(sum(d.delta), 0)::int as n from d where d.day < ${r.fromDay}::date),
      per_week as (select date_trunc('week', d.day::timestamp) as wk, sum(d.delta)::int as n from d where d.day >= ${r.fromDay}::date group by 1),
      weeks as (select generate_series(date_trunc('week', ${r.fromDay}::date::timestamp), date_trunc('week', ${r.toDay}::date::timestamp), interval '1 week') as wk)
      select to_char(w.wk, 'YYYY-MM-DD') as week, ((select n from base) + sum(coalesce(pw.n, 0)) over (order by w.wk))::int as wip
      from weeks w left join per_week pw on pw.wk = w.wk order by w.wk`,
  );
}

export const wipJobIds = (r: Range, p: ReportPipeline, weekOf: string) =>
  sql`select l.job_id from (
      select distinct on (s.job_id) s.job_id, s.stage from job_stages s
      where s.shop_id = ${r.shopId} and s.kind = ${p.kind}
        and s.at < least(((${weekOf}::date + 7)::timestamp at time zone ${r.timeZone}), ${r.to}::timestamptz)
      order by s.job_id, s.seq desc) l
    where l.stage <> all(${words(p.archived)})`;

/** Jobs first ready in the period that had a due date (kept on report_jobs by a trigger on jobs). */
const firstReadyDue = (r: Range, p: ReportPipeline) => sql`${facts(r, p)} and ${within(sql`f.ready_at`, r)} and f.due_date is not null`;

/** On time: first ready on or before the due date, as a day in the shop's zone. */
const onTimeCond = (r: Range) => sql`(f.ready_at at time zone ${r.timeZone})::date <= f.due_date`;

export async function onTime(tx: Tx, r: Range, p: ReportPipeline) {
  const [row] = await rows<{ jobs: number; on_time: number; late: number }>(
    tx,
    sql`select count(*)::int as jobs, count(*) filter (where ${onTimeCond(r)})::int as on_time, count(*) filter (where not ${onTimeCond(r)})::int as late
      from ${firstReadyDue(r, p)}`,
  );
  return row ?? { jobs: 0, on_time: 0, late: 0 };
}

export const onTimeJobIds = (r: Range, p: ReportPipeline, which: 'on_time' | 'late' | null) =>
  sql`select f.job_id from ${firstReadyDue(r, p)}
    ${which === 'on_time' ? sql`and ${onTimeCond(r)}` : which === 'late' ? sql`and not ${onTimeCond(r)}` : sql``}`;

const overdueCond = (r: Range, p: ReportPipeline) =>
  sql`j.shop_id = ${r.shopId} and j.kind = ${p.kind} and j.stage <> all(${words([...p.archived, p.ready])})
    and j.due_date < (${r.now}::timestamptz at time zone ${r.timeZone})::date`;

export async function overdueNow(tx: Tx, r: Range, p: ReportPipeline) {
  return rows<{ id: string; reference: string; title: string; stage: string; due_date: string; days: number }>(
    tx,
    sql`select j.id, j.reference, j.title, j.stage, to_char(j.due_date, 'YYYY-MM-DD') as due_date,
        ((${r.now}::timestamptz at time zone ${r.timeZone})::date - j.due_date)::int as days
      from jobs j where ${overdueCond(r, p)} order by j.due_date, j.reference`,
  );
}

export const overdueJobIds = (r: Range, p: ReportPipeline) => sql`select j.id from jobs j where ${overdueCond(r, p)}`;

const firstCollected = (r: Range) =>
  sql`(select f.job_id, f.collected_at as at from report_jobs f where f.shop_id = ${r.shopId} and ${within(sql`f.collected_at`, r)})`;

const weeksOf = (r: Range) =>
  sql`(select to_char(g, 'YYYY-MM-DD') as week from generate_series(date_trunc('week', ${r.from}::timestamptz at time zone ${r.timeZone}), date_trunc('week', (${r.to}::timestamptz - interval '1 second') at time zone ${r.timeZone}), interval '1 week') g)`;

/**
 * Money per week: the quote and final price of pieces collected that week, and what the ledger took and gave back.
 * A voided payment (taken in error) stays in the ledger but counts nowhere, here or behind a bar.
 */
export async function money(tx: Tx, r: Range) {
  return rows<{ week: string; jobs: number; quoted: number; final: number; deposits: number; payments: number; refunds: number }>(
    tx,
    sql`with c as (
        select ${week(sql`c.at`, r.timeZone)} as week, count(*)::int as jobs, sum(coalesce(j.quoted_cents, 0))::bigint as quoted,
          sum(coalesce(j.final_cents, j.quoted_cents, 0))::bigint as final
        from ${firstCollected(r)} c join jobs j on j.shop_id = ${r.shopId} and j.id = c.job_id
        where c.at >= ${r.from} and c.at < ${r.to} group by 1
      ), m as (
        select ${week(sql`p.created_at`, r.timeZone)} as week,
          sum(p.amount_cents) filter (where p.kind = 'deposit')::bigint as deposits,
          sum(p.amount_cents) filter (where p.kind = 'payment')::bigint as payments,
          sum(p.amount_cents) filter (where p.kind = 'refund')::bigint as refunds
        from payments p where p.shop_id = ${r.shopId} and p.voided_at is null and p.created_at >= ${r.from} and p.created_at < ${r.to} group by 1
      )
      select w.week, coalesce(c.jobs, 0)::int as jobs, coalesce(c.quoted, 0)::float8 as quoted, coalesce(c.final, 0)::float8 as final,
        coalesce(m.deposits, 0)::float8 as deposits, coalesce(m.payments, 0)::float8 as payments, coalesce(m.refunds, 0)::float8 as refunds
      from ${weeksOf(r)} w left join c on c.week = w.week left join m on m.week = w.week order by w.week`,
  );
}

export const moneyJobIds = (r: Range, weekOf: string | null) =>
  sql`select c.job_id from ${firstCollected(r)} c where c.at >= ${r.from} and c.at < ${r.to} ${weekOf ? sql`and ${week(sql`c.at`, r.timeZone)} = ${weekOf}` : sql``}
    union select p.job_id from payments p where p.shop_id = ${r.shopId} and p.job_id is not null and p.voided_at is null
      and p.created_at >= ${r.from} and p.created_at < ${r.to}
      ${weekOf ? sql`and ${week(sql`p.created_at`, r.timeZone)} = ${weekOf}` : sql``}`;

/**
 * What active jobs still owe: the final price (else the quote) less what was paid net of refunds. `paid_cents`
 * is the job's own sum of its ledger, voided payments left out (kept by a trigger): the figure the job shows.
 */
const owing = (r: Range, p: ReportPipeline) =>
  sql`(select j.id, greatest(coalesce(j.final_cents, j.quoted_cents, 0) - j.paid_cents, 0)::bigint as owing
    from jobs j where j.shop_id = ${r.shopId} and j.kind = ${p.kind} and j.stage <> all(${words(p.archived)}))`;

export async function balanceOwing(tx: Tx, r: Range, p: ReportPipeline) {
  const [row] = await rows<{ jobs: number; owing: number }>(
    tx,
    sql`select count(*) filter (where o.owing > 0)::int as jobs, coalesce(sum(o.owing), 0)::float8 as owing from ${owing(r, p)} o`,
  );
  return row ?? { jobs: 0, owing: 0 };
}

export const owingJobIds = (r: Range, p: ReportPipeline) => sql`select o.id from ${owing(r, p)} o where o.owing > 0`;

export async function staff(tx: Tx, r: Range) {
  return rows<{ id: string; name: string; moves: number; completions: number }>(
    tx,
    sql`select u.id, u.name, sum(d.moves)::int as moves, sum(d.completions)::int as completions
      from report_staff_days d join users u on u.id = d.actor_id
      where d.shop_id = ${r.shopId} and d.day >= ${r.fromDay}::date and d.day <= ${r.toDay}::date
      group by u.id, u.name order by moves desc, u.name`,
  );
}

export const staffJobIds = (r: Range, userId: string) =>
  sql`select distinct s.job_id from job_stages s where s.shop_id = ${r.shopId} and s.actor_id = ${userId}::uuid and s.at >= ${r.from} and s.at < ${r.to}`;

export async function jobsIn(tx: Tx, shopId: string, ids: SQL) {
  return rows<{ id: string; kind: string; reference: string; title: string; stage: string; due_date: string | null }>(
    tx,
    sql`select j.id, j.kind, j.reference, j.title, j.stage, to_char(j.due_date, 'YYYY-MM-DD') as due_date from jobs j
      where j.shop_id = ${shopId} and j.id in (${ids}) order by j.reference limit 500`,
  );
}

/** What the network benchmark compares, one value per shop: see report_network_benchmark. */
export type BenchmarkFigure = 'cycle_days' | 'iterations' | 'design_return_share' | 'ready_to_collected_days' | 'on_time_rate' | 'shelf_days';

export async function benchmark(
  tx: Tx,
  r: Range,
  p: ReportPipeline,
  figure: BenchmarkFigure,
): Promise<{ shops: number; p25: number; median: number; p75: number } | null> {
  // The ready shelf is a figure of now, not of the period.
  const [from, to] = figure === 'shelf_days' ? [r.now, r.now] : [r.from, r.to];
  const places = figure === 'design_return_share' || figure === 'on_time_rate' ? 4 : 2;
  const round = (col: string) => sql`round((${sql.raw(col)})::numeric, ${places})::float8`;
  const [row] = await rows<{ shops: number; p25: number; median: number; p75: number }>(
    tx,
    sql`select shops, ${round('p25')} as p25, ${round('median')} as median, ${round('p75')} as p75
      from report_network_benchmark(${figure}, ${p.kind}, ${from}::timestamptz, ${to}::timestamptz)`,
  );
  return row ?? null;
}
