import type { Tx } from '../../db/client.js';
import type { Benchmark, ChartSpec, Column, FigureId, ReportPipeline, Row } from './figures.js';
import * as q from './queries.js';

/**
 * Every figure of the reports page as data: its words, its table's columns, its chart, the SQL that
 * fills its rows, and (where comparing shops makes sense) what the network benchmark compares. Volumes
 * (throughput, work in progress, overdue jobs), money (each shop has its own currency and size) and
 * staff are not compared: they say how big a shop is, not how well it works.
 */
export interface Comparison {
  figure: q.BenchmarkFigure;
  /** The column of the figure's rows the benchmark sits beside. */
  column: string;
  label: string;
  unit: Benchmark['unit'];
  applies: (p: ReportPipeline) => boolean;
}

export interface FigureDef {
  id: FigureId;
  title: string;
  definition: string | ((ps: ReportPipeline[]) => string);
  columns: Column[];
  chart: ChartSpec;
  rows: (tx: Tx, r: q.Range, ps: ReportPipeline[]) => Promise<Row[]>;
  benchmark?: Comparison;
}

const stageLabel = (p: ReportPipeline, stage: string) => (p.def.labels as Record<string, string>)[stage] ?? stage;
const round = (x: number, places: number) => Math.round(x * 10 ** places) / 10 ** places;
const share = (part: number, whole: number) => (whole === 0 ? null : round(part / whole, 4));
const all = () => true;
const designed = (p: ReportPipeline) => p.iteration !== null;

/** Rows of every pipeline, in order, each with its pipeline's label. */
async function perPipeline(ps: ReportPipeline[], each: (p: ReportPipeline) => Promise<Row[]>): Promise<Row[]> {
  const out: Row[] = [];
  for (const p of ps) for (const row of await each(p)) out.push({ pipeline: p.label, ...row });
  return out;
}

const pipelineColumn: Column = { key: 'pipeline', label: 'Pipeline', unit: 'text' };
const daysColumns: Column[] = [
  { key: 'jobs', label: 'Jobs', unit: 'count' },
  { key: 'medianDays', label: 'Median days', unit: 'days' },
  { key: 'p90Days', label: '90th percentile days', unit: 'days' },
  { key: 'meanDays', label: 'Mean days', unit: 'days' },
];

export const catalog: FigureDef[] = [
  {
    id: 'cycle',
    title: 'Time to ready',
    definition:
      'For jobs that first reached ready in the period: days from the start stage (or the first stage after it the job entered) to ready, less the days on hold, which are shown apart.',
    columns: [
      pipelineColumn,
      { key: 'from', label: 'From', unit: 'text' },
      { key: 'to', label: 'To', unit: 'text' },
      ...daysColumns,
      { key: 'meanHoldDays', label: 'Mean days on hold', unit: 'days' },
      { key: 'medianElapsedDays', label: 'Median days incl. hold', unit: 'days' },
    ],
    chart: { type: 'bar', x: 'pipeline', series: ['medianDays', 'p90Days', 'meanDays', 'meanHoldDays'], drill: ['pipeline'] },
    rows: (tx, r, ps) => perPipeline(ps, async (p) => [{ from: stageLabel(p, p.def.cycleStart), to: stageLabel(p, p.ready), ...(await q.cycle(tx, r, p)) }]),
    benchmark: { figure: 'cycle_days', column: 'medianDays', label: 'median days to ready', unit: 'days', applies: all },
  },
  {
    id: 'iterations',
    title: 'Design iterations',
    definition: (ps) => {
      const stages = ps
        .filter(designed)
        .map((p) => (p.iteration ? stageLabel(p, p.iteration.stage) : ''))
        .join(', ');
      return `Jobs that first entered ${stages || 'the design stage'} in the period, by how many times they entered it in all, and those entries added up.`;
    },
    columns: [
      pipelineColumn,
      { key: 'iterations', label: 'Iterations', unit: 'text' },
      { key: 'jobs', label: 'Jobs', unit: 'count' },
      // The last bucket is open-ended (4+): its real entries are what a mean per job needs.
      { key: 'rounds', label: 'Iterations in all', unit: 'count' },
    ],
    chart: { type: 'bar', x: 'iterations', series: ['jobs'], splitBy: 'pipeline', drill: ['pipeline', 'iterations'] },
    rows: (tx, r, ps) =>
      perPipeline(ps.filter(designed), async (p) => {
        const found = new Map(((await q.iterations(tx, r, p)) ?? []).map((x) => [x.n, x]));
        return Array.from({ length: q.ITERATION_CAP }, (_, i) => i + 1).map((n) => ({
          iterations: n === q.ITERATION_CAP ? `${n}+` : String(n),
          jobs: found.get(n)?.jobs ?? 0,
          rounds: found.get(n)?.rounds ?? 0,
        }));
      }),
    benchmark: { figure: 'iterations', column: 'iterations', label: 'mean iterations per job', unit: 'count', applies: designed },
  },
  {
    id: 'design_returns',
    title: 'Designs sent back from approval',
    definition: 'Of the jobs counted in design iterations, the share whose design went back from approval to an earlier stage at least once.',
    columns: [
      pipelineColumn,
      { key: 'jobs', label: 'Jobs', unit: 'count' },
      { key: 'wentBack', label: 'Sent back', unit: 'count' },
      { key: 'share', label: 'Share sent back', unit: 'share' },
    ],
    chart: { type: 'bar', x: 'pipeline', series: ['share'], drill: ['pipeline'] },
    rows: (tx, r, ps) =>
      perPipeline(ps.filter(designed), async (p) => {
        const list = (await q.iterations(tx, r, p)) ?? [];
        const jobs = list.reduce((s, x) => s + x.jobs, 0);
        const back = list.reduce((s, x) => s + x.went_back, 0);
        return [{ jobs, wentBack: back, share: share(back, jobs) }];
      }),
    benchmark: { figure: 'design_return_share', column: 'share', label: 'share sent back', unit: 'share', applies: designed },
  },
  {
    id: 'shelf_now',
    title: 'On the ready shelf now',
    definition: 'Pieces in the ready stage today, with the days since they entered it.',
    columns: [
      pipelineColumn,
      { key: 'reference', label: 'Reference', unit: 'text' },
      { key: 'title', label: 'Job', unit: 'text' },
      { key: 'daysWaiting', label: 'Days waiting', unit: 'days' },
    ],
    chart: { type: 'bar', x: 'reference', series: ['daysWaiting'], drill: ['pipeline', 'reference'] },
    rows: (tx, r, ps) =>
      perPipeline(ps, async (p) => (await q.shelfNow(tx, r, p)).map((j) => ({ reference: j.reference, title: j.title, daysWaiting: j.days }))),
    benchmark: { figure: 'shelf_days', column: 'daysWaiting', label: 'median days on the shelf now', unit: 'days', applies: all },
  },
  {
    id: 'ready_to_collected',
    title: 'Ready to collected',
    definition: 'For pieces collected in the period: days from the last time they became ready to collection.',
    columns: [pipelineColumn, ...daysColumns],
    chart: { type: 'bar', x: 'pipeline', series: ['medianDays', 'p90Days', 'meanDays'], drill: ['pipeline'] },
    rows: (tx, r, ps) =>
      perPipeline(ps, async (p) => {
        const row = await q.readyToCollected(tx, r, p);
        return row ? [row] : [];
      }),
    benchmark: {
      figure: 'ready_to_collected_days',
      column: 'medianDays',
      label: 'median days ready to collected',
      unit: 'days',
      applies: (p) => p.collected !== null,
    },
  },
  {
    id: 'throughput',
    title: 'Throughput',
    definition: 'Jobs entering and leaving each stage, per week (weeks start on Monday, in the shop’s time zone).',
    columns: [
      pipelineColumn,
      { key: 'week', label: 'Week of', unit: 'date' },
      { key: 'stage', label: 'Stage', unit: 'text' },
      { key: 'stageKey', label: 'Stage word', unit: 'text' },
      { key: 'entered', label: 'Entered', unit: 'count' },
      { key: 'left', label: 'Left', unit: 'count' },
    ],
    chart: { type: 'stacked', x: 'week', series: [], pivot: { by: 'stage', value: 'entered' }, splitBy: 'pipeline', drill: ['pipeline', 'week', 'stageKey'] },
    rows: (tx, r, ps) =>
      perPipeline(ps, async (p) =>
        (await q.throughput(tx, r, p)).map((t) => ({ week: t.week, stage: stageLabel(p, t.stage), stageKey: t.stage, entered: t.entered, left: t.left })),
      ),
  },
  {
    id: 'stage_time',
    title: 'Time in each stage',
    definition: 'For each stay in a stage that ended in the period (the job moved on): the days from entering the stage to leaving it.',
    columns: [
      pipelineColumn,
      { key: 'stage', label: 'Stage', unit: 'text' },
      { key: 'stageKey', label: 'Stage word', unit: 'text' },
      { key: 'stays', label: 'Stays', unit: 'count' },
      { key: 'meanDays', label: 'Mean days', unit: 'days' },
      { key: 'medianDays', label: 'Median days', unit: 'days' },
    ],
    chart: { type: 'bar', x: 'stage', series: ['meanDays', 'medianDays'], splitBy: 'pipeline', drill: ['pipeline', 'stageKey'] },
    rows: (tx, r, ps) =>
      perPipeline(ps, async (p) => {
        const found = new Map((await q.stageTime(tx, r, p)).map((x) => [x.stage, x]));
        return [...p.def.stages, ...p.def.sideStates].flatMap((stage) => {
          const x = found.get(stage);
          return x ? [{ stage: stageLabel(p, stage), stageKey: stage, stays: x.stays, meanDays: x.meanDays, medianDays: x.medianDays }] : [];
        });
      }),
  },
  {
    id: 'wip',
    title: 'Work in progress',
    definition: 'Jobs on the board (in any stage but collected or cancelled) at the end of each week, or at the end of the period.',
    columns: [pipelineColumn, { key: 'week', label: 'Week of', unit: 'date' }, { key: 'wip', label: 'Jobs in progress', unit: 'count' }],
    chart: { type: 'line', x: 'week', series: ['wip'], splitBy: 'pipeline', drill: ['pipeline', 'week'] },
    rows: (tx, r, ps) => perPipeline(ps, async (p) => (await q.wip(tx, r, p)).map((w) => ({ week: w.week, wip: w.wip }))),
  },
  {
    id: 'on_time',
    title: 'On time',
    definition:
      'Of the jobs with a due date that first reached ready in the period, the share that did so on or before the due date (a day in the shop’s time zone).',
    columns: [
      pipelineColumn,
      { key: 'jobs', label: 'Jobs with a due date', unit: 'count' },
      { key: 'onTime', label: 'On time', unit: 'count' },
      { key: 'late', label: 'Late', unit: 'count' },
      { key: 'rate', label: 'On-time rate', unit: 'share' },
    ],
    chart: { type: 'stacked', x: 'pipeline', series: ['onTime', 'late'], drill: ['pipeline'] },
    rows: (tx, r, ps) =>
      perPipeline(ps, async (p) => {
        const x = await q.onTime(tx, r, p);
        return [{ jobs: x.jobs, onTime: x.on_time, late: x.late, rate: share(x.on_time, x.jobs) }];
      }),
    benchmark: { figure: 'on_time_rate', column: 'rate', label: 'on-time rate', unit: 'share', applies: all },
  },
  {
    id: 'overdue_now',
    title: 'Overdue now',
    definition: 'Jobs not yet ready, collected or cancelled whose due date has passed, as of today in the shop’s time zone.',
    columns: [
      pipelineColumn,
      { key: 'reference', label: 'Reference', unit: 'text' },
      { key: 'title', label: 'Job', unit: 'text' },
      { key: 'stage', label: 'Stage', unit: 'text' },
      { key: 'due', label: 'Due', unit: 'date' },
      { key: 'daysOverdue', label: 'Days overdue', unit: 'count' },
    ],
    chart: { type: 'bar', x: 'reference', series: ['daysOverdue'], drill: ['pipeline', 'reference'] },
    rows: (tx, r, ps) =>
      perPipeline(ps, async (p) =>
        (await q.overdueNow(tx, r, p)).map((j) => ({
          reference: j.reference,
          title: j.title,
          stage: stageLabel(p, j.stage),
          due: j.due_date,
          daysOverdue: j.days,
        })),
      ),
  },
  {
    id: 'money',
    title: 'Money per week',
    definition:
      'Quoted and final price (the quote where no final price was set) of the pieces collected each week, and the deposits, other payments and refunds recorded that week.',
    columns: [
      { key: 'week', label: 'Week of', unit: 'date' },
      { key: 'collected', label: 'Pieces collected', unit: 'count' },
      { key: 'quotedCents', label: 'Quoted', unit: 'cents' },
      { key: 'finalCents', label: 'Final', unit: 'cents' },
      { key: 'depositCents', label: 'Deposits', unit: 'cents' },
      { key: 'paymentCents', label: 'Other payments', unit: 'cents' },
      { key: 'refundCents', label: 'Refunds', unit: 'cents' },
    ],
    chart: { type: 'bar', x: 'week', series: ['quotedCents', 'finalCents', 'depositCents', 'paymentCents', 'refundCents'], drill: ['week'] },
    rows: async (tx, r) =>
      (await q.money(tx, r)).map((m) => ({
        week: m.week,
        collected: m.jobs,
        quotedCents: m.quoted,
        finalCents: m.final,
        depositCents: m.deposits,
        paymentCents: m.payments,
        refundCents: m.refunds,
      })),
  },
  {
    id: 'balance_owing',
    title: 'Balance owing now',
    definition: 'Across jobs still on the board: the final price (else the quote) less what has been paid, net of refunds.',
    columns: [pipelineColumn, { key: 'jobs', label: 'Jobs owing', unit: 'count' }, { key: 'owingCents', label: 'Owing', unit: 'cents' }],
    chart: { type: 'bar', x: 'pipeline', series: ['owingCents'], drill: ['pipeline'] },
    rows: (tx, r, ps) =>
      perPipeline(ps, async (p) => {
        const x = await q.balanceOwing(tx, r, p);
        return [{ jobs: x.jobs, owingCents: x.owing }];
      }),
  },
  {
    id: 'staff',
    title: 'Staff',
    definition: 'Moves each member of staff made in the period, and how many of them brought a job to ready.',
    columns: [
      { key: 'staffId', label: 'Staff id', unit: 'text' },
      { key: 'name', label: 'Name', unit: 'text' },
      { key: 'moves', label: 'Moves', unit: 'count' },
      { key: 'completions', label: 'Brought to ready', unit: 'count' },
    ],
    chart: { type: 'bar', x: 'name', series: ['moves', 'completions'], drill: ['staffId'] },
    rows: async (tx, r) => (await q.staff(tx, r)).map((s) => ({ staffId: s.id, name: s.name, moves: s.moves, completions: s.completions })),
  },
];
