import type { SQL } from 'drizzle-orm';
import type { Database, Tx } from '../../db/client.js';
import type { Actor } from '../../domain/actor.js';
import type { Clock } from '../../domain/clock.js';
import { DomainError } from '../../domain/errors.js';
import { pipelines } from '../jobs/registry.js';
import { type Benchmark, type Figure, type FigureId, type ReportPipeline, type Row, reportPipeline, staffOnlyFigures } from './figures.js';
import * as q from './queries.js';

type Deps = { db: Database; clock: Clock };

export interface ReportQuery {
  from: string;
  to: string;
}

export interface DrillQuery extends ReportQuery {
  figure: FigureId;
  pipeline?: string | undefined;
  x?: string | undefined;
  series?: string | undefined;
}

const reportPipelines = (): ReportPipeline[] => pipelines.map(reportPipeline);

const MAX_DAYS = 3 * 366;

const canSeeStaff = (actor: Actor) => actor.role === 'owner' || actor.role === 'manager';

function checkRange(query: ReportQuery) {
  const span = (Date.parse(`${query.to}T00:00:00Z`) - Date.parse(`${query.from}T00:00:00Z`)) / 86_400_000;
  if (span < 0)
    throw new DomainError('validation_failed', 'Validation failed', 'The period ends before it starts', {
      errors: [{ path: 'to', message: 'Before the start' }],
    });
  if (span > MAX_DAYS) {
    throw new DomainError('validation_failed', 'Validation failed', 'A period of at most three years', {
      errors: [{ path: 'from', message: 'At most three years before the end' }],
    });
  }
}

async function rangeFor(tx: Tx, deps: Deps, actor: Actor, query: ReportQuery) {
  checkRange(query);
  const shop = await q.shopOf(tx, actor.shopId);
  const bounds = await q.rangeBounds(tx, query.from, query.to, shop.timeZone);
  const range: q.Range = { shopId: actor.shopId, timeZone: shop.timeZone, ...bounds, now: deps.clock.now().toISOString() };
  return { range, shop };
}

function stageLabel(p: ReportPipeline, stage: string) {
  return (p.def.labels as Record<string, string>)[stage] ?? stage;
}

/** Every figure for the period, each with its table, chart, definition and, where it has one, the network benchmark. */
export function getReport(deps: Deps, actor: Actor, query: ReportQuery) {
  return deps.db.tenant(actor.shopId, async (tx) => {
    const { range, shop } = await rangeFor(tx, deps, actor, query);
    const ps = reportPipelines();
    const figures = await buildFigures(tx, range, ps, { staff: canSeeStaff(actor), benchmark: shop.benchmarkOptOut ? 'opted_out' : 'on' });
    return { from: query.from, to: query.to, timeZone: shop.timeZone, benchmarkOptOut: shop.benchmarkOptOut, figures };
  });
}

/** One figure's table, for the CSV export. */
export function getFigure(deps: Deps, actor: Actor, id: FigureId, query: ReportQuery) {
  if (staffOnlyFigures.includes(id) && !canSeeStaff(actor)) throw forbidden();
  return deps.db.tenant(actor.shopId, async (tx) => {
    const { range } = await rangeFor(tx, deps, actor, query);
    const [figure] = await buildFigures(tx, range, reportPipelines(), { staff: true, benchmark: 'off', only: id });
    if (!figure) throw new Error(`no figure ${id}`);
    return figure;
  });
}

const forbidden = () => new DomainError('forbidden', 'Forbidden', 'Only owners and managers can see figures per member of staff');

interface BuildOptions {
  staff: boolean;
  /** `opted_out`: the shop keeps its figures out, and is shown none. */
  benchmark: 'on' | 'opted_out' | 'off';
  only?: FigureId;
}

async function buildFigures(tx: Tx, r: q.Range, ps: ReportPipeline[], opts: BuildOptions): Promise<Figure[]> {
  const want = (id: FigureId) => opts.only === undefined || opts.only === id;
  const figures: Figure[] = [];

  if (want('cycle')) {
    const rows: Row[] = [];
    const benchmark: Benchmark[] = [];
    for (const p of ps) {
      rows.push({ pipeline: p.label, kind: p.kind, from: stageLabel(p, p.def.cycleStart), to: stageLabel(p, p.ready), ...(await q.cycle(tx, r, p)) });
      if (opts.benchmark !== 'off') benchmark.push(await benchmarkOf(tx, r, p, 'cycle_days', opts.benchmark));
    }
    figures.push({
      id: 'cycle',
      title: 'Time to ready',
      definition:
        'For jobs that first reached ready in the period: days from the start stage (or the first stage after it the job entered) to ready, less the days on hold, which are shown apart.',
      columns: [
        { key: 'pipeline', label: 'Pipeline', unit: 'text' },
        { key: 'from', label: 'From', unit: 'text' },
        { key: 'to', label: 'To', unit: 'text' },
        { key: 'jobs', label: 'Jobs', unit: 'count' },
        { key: 'medianDays', label: 'Median days', unit: 'days' },
        { key: 'p90Days', label: '90th percentile days', unit: 'days' },
        { key: 'meanDays', label: 'Mean days', unit: 'days' },
        { key: 'meanHoldDays', label: 'Mean days on hold', unit: 'days' },
        { key: 'medianElapsedDays', label: 'Median days incl. hold', unit: 'days' },
      ],
      rows: rows.map(({ kind: _k, ...rest }) => rest),
      chart: { type: 'bar', x: 'pipeline', series: ['medianDays', 'p90Days', 'meanDays', 'meanHoldDays'], drill: ['pipeline'] },
      benchmark,
    });
  }

  const withIterations = ps.filter((p) => p.iteration);
  if (want('iterations')) {
    const rows: Row[] = [];
    for (const p of withIterations) {
      const found = new Map(((await q.iterations(tx, r, p)) ?? []).map((x) => [x.n, x.jobs]));
      for (let n = 1; n <= q.ITERATION_CAP; n++) {
        rows.push({ pipeline: p.label, iterations: n === q.ITERATION_CAP ? `${n}+` : String(n), jobs: found.get(n) ?? 0 });
      }
    }
    const stages = withIterations.map((p) => (p.iteration ? stageLabel(p, p.iteration.stage) : '')).join(', ');
    figures.push({
      id: 'iterations',
      title: 'Design iterations',
      definition: `Jobs that first entered ${stages || 'the design stage'} in the period, by how many times they entered it in all.`,
      columns: [
        { key: 'pipeline', label: 'Pipeline', unit: 'text' },
        { key: 'iterations', label: 'Iterations', unit: 'text' },
        { key: 'jobs', label: 'Jobs', unit: 'count' },
      ],
      rows,
      chart: { type: 'bar', x: 'iterations', series: ['jobs'], splitBy: 'pipeline', drill: ['pipeline', 'iterations'] },
      benchmark: [],
    });
  }

  if (want('design_returns')) {
    const rows: Row[] = [];
    for (const p of withIterations) {
      const list = (await q.iterations(tx, r, p)) ?? [];
      const jobs = list.reduce((s, x) => s + x.jobs, 0);
      const back = list.reduce((s, x) => s + x.went_back, 0);
      rows.push({ pipeline: p.label, jobs, wentBack: back, share: jobs === 0 ? null : round(back / jobs, 4) });
    }
    figures.push({
      id: 'design_returns',
      title: 'Designs sent back from approval',
      definition: 'Of the jobs counted in design iterations, the share whose design went back from approval to an earlier stage at least once.',
      columns: [
        { key: 'pipeline', label: 'Pipeline', unit: 'text' },
        { key: 'jobs', label: 'Jobs', unit: 'count' },
        { key: 'wentBack', label: 'Sent back', unit: 'count' },
        { key: 'share', label: 'Share sent back', unit: 'share' },
      ],
      rows,
      chart: { type: 'bar', x: 'pipeline', series: ['share'], drill: ['pipeline'] },
      benchmark: [],
    });
  }

  if (want('shelf_now')) {
    const rows: Row[] = [];
    for (const p of ps) {
      for (const j of await q.shelfNow(tx, r, p)) rows.push({ pipeline: p.label, reference: j.reference, title: j.title, daysWaiting: j.days });
    }
    figures.push({
      id: 'shelf_now',
      title: 'On the ready shelf now',
      definition: 'Pieces in the ready stage today, with the days since they entered it.',
      columns: [
        { key: 'pipeline', label: 'Pipeline', unit: 'text' },
        { key: 'reference', label: 'Reference', unit: 'text' },
        { key: 'title', label: 'Job', unit: 'text' },
        { key: 'daysWaiting', label: 'Days waiting', unit: 'days' },
      ],
      rows,
      chart: { type: 'bar', x: 'reference', series: ['daysWaiting'], drill: ['pipeline', 'reference'] },
      benchmark: [],
    });
  }

  if (want('ready_to_collected')) {
    const rows: Row[] = [];
    const benchmark: Benchmark[] = [];
    for (const p of ps) {
      const row = await q.readyToCollected(tx, r, p);
      if (!row) continue;
      rows.push({ pipeline: p.label, ...row });
      if (opts.benchmark !== 'off') benchmark.push(await benchmarkOf(tx, r, p, 'ready_to_collected_days', opts.benchmark));
    }
    figures.push({
      id: 'ready_to_collected',
      title: 'Ready to collected',
      definition: 'For pieces collected in the period: days from the last time they became ready to collection.',
      columns: [
        { key: 'pipeline', label: 'Pipeline', unit: 'text' },
        { key: 'jobs', label: 'Jobs', unit: 'count' },
        { key: 'medianDays', label: 'Median days', unit: 'days' },
        { key: 'p90Days', label: '90th percentile days', unit: 'days' },
        { key: 'meanDays', label: 'Mean days', unit: 'days' },
      ],
      rows,
      chart: { type: 'bar', x: 'pipeline', series: ['medianDays', 'p90Days', 'meanDays'], drill: ['pipeline'] },
      benchmark,
    });
  }

  if (want('throughput')) {
    const rows: Row[] = [];
    for (const p of ps) {
      for (const t of await q.throughput(tx, r, p))
        rows.push({ pipeline: p.label, week: t.week, stage: stageLabel(p, t.stage), stageKey: t.stage, entered: t.entered, left: t.left });
    }
    figures.push({
      id: 'throughput',
      title: 'Throughput',
      definition: 'Jobs entering and leaving each stage, per week (weeks start on Monday, in the shop’s time zone).',
      columns: [
        { key: 'pipeline', label: 'Pipeline', unit: 'text' },
        { key: 'week', label: 'Week of', unit: 'date' },
        { key: 'stage', label: 'Stage', unit: 'text' },
        { key: 'stageKey', label: 'Stage word', unit: 'text' },
        { key: 'entered', label: 'Entered', unit: 'count' },
        { key: 'left', label: 'Left', unit: 'count' },
      ],
      rows,
      chart: { type: 'stacked', x: 'week', series: [], pivot: { by: 'stage', value: 'entered' }, splitBy: 'pipeline', drill: ['pipeline', 'week', 'stageKey'] },
      benchmark: [],
    });
  }

  if (want('stage_time')) {
    const rows: Row[] = [];
    for (const p of ps) {
      const found = new Map((await q.stageTime(tx, r, p)).map((x) => [x.stage, x]));
      for (const stage of [...p.def.stages, ...p.def.sideStates]) {
        const x = found.get(stage);
        if (x) rows.push({ pipeline: p.label, stage: stageLabel(p, stage), stageKey: stage, stays: x.stays, meanDays: x.meanDays, medianDays: x.medianDays });
      }
    }
    figures.push({
      id: 'stage_time',
      title: 'Time in each stage',
      definition: 'For each stay in a stage that ended in the period (the job moved on): the days from entering the stage to leaving it.',
      columns: [
        { key: 'pipeline', label: 'Pipeline', unit: 'text' },
        { key: 'stage', label: 'Stage', unit: 'text' },
        { key: 'stageKey', label: 'Stage word', unit: 'text' },
        { key: 'stays', label: 'Stays', unit: 'count' },
        { key: 'meanDays', label: 'Mean days', unit: 'days' },
        { key: 'medianDays', label: 'Median days', unit: 'days' },
      ],
      rows,
      chart: { type: 'bar', x: 'stage', series: ['meanDays', 'medianDays'], splitBy: 'pipeline', drill: ['pipeline', 'stageKey'] },
      benchmark: [],
    });
  }

  if (want('wip')) {
    const rows: Row[] = [];
    for (const p of ps) for (const w of await q.wip(tx, r, p)) rows.push({ pipeline: p.label, week: w.week, wip: w.wip });
    figures.push({
      id: 'wip',
      title: 'Work in progress',
      definition: 'Jobs on the board (in any stage but collected or cancelled) at the end of each week, or at the end of the period.',
      columns: [
        { key: 'pipeline', label: 'Pipeline', unit: 'text' },
        { key: 'week', label: 'Week of', unit: 'date' },
        { key: 'wip', label: 'Jobs in progress', unit: 'count' },
      ],
      rows,
      chart: { type: 'line', x: 'week', series: ['wip'], splitBy: 'pipeline', drill: ['pipeline', 'week'] },
      benchmark: [],
    });
  }

  if (want('on_time')) {
    const rows: Row[] = [];
    for (const p of ps) {
      const x = await q.onTime(tx, r, p);
      rows.push({ pipeline: p.label, jobs: x.jobs, onTime: x.on_time, late: x.late, rate: x.jobs === 0 ? null : round(x.on_time / x.jobs, 4) });
    }
    figures.push({
      id: 'on_time',
      title: 'On time',
      definition:
        'Of the jobs with a due date that first reached ready in the period, the share that did so on or before the due date (a day in the shop’s time zone).',
      columns: [
        { key: 'pipeline', label: 'Pipeline', unit: 'text' },
        { key: 'jobs', label: 'Jobs with a due date', unit: 'count' },
        { key: 'onTime', label: 'On time', unit: 'count' },
        { key: 'late', label: 'Late', unit: 'count' },
        { key: 'rate', label: 'On-time rate', unit: 'share' },
      ],
      rows,
      chart: { type: 'stacked', x: 'pipeline', series: ['onTime', 'late'], drill: ['pipeline'] },
      benchmark: [],
    });
  }

  if (want('overdue_now')) {
    const rows: Row[] = [];
    for (const p of ps) {
      for (const j of await q.overdueNow(tx, r, p))
        rows.push({ pipeline: p.label, reference: j.reference, title: j.title, stage: stageLabel(p, j.stage), due: j.due_date, daysOverdue: j.days });
    }
    figures.push({
      id: 'overdue_now',
      title: 'Overdue now',
      definition: 'Jobs not yet ready, collected or cancelled whose due date has passed, as of today in the shop’s time zone.',
      columns: [
        { key: 'pipeline', label: 'Pipeline', unit: 'text' },
        { key: 'reference', label: 'Reference', unit: 'text' },
        { key: 'title', label: 'Job', unit: 'text' },
        { key: 'stage', label: 'Stage', unit: 'text' },
        { key: 'due', label: 'Due', unit: 'date' },
        { key: 'daysOverdue', label: 'Days overdue', unit: 'count' },
      ],
      rows,
      chart: { type: 'bar', x: 'reference', series: ['daysOverdue'], drill: ['pipeline', 'reference'] },
      benchmark: [],
    });
  }

  if (want('money')) {
    const rows: Row[] = (await q.money(tx, r, ps)).map((m) => ({
      week: m.week,
      collected: m.jobs,
      quotedCents: m.quoted,
      finalCents: m.final,
      depositCents: m.deposits,
      paymentCents: m.payments,
      refundCents: m.refunds,
    }));
    figures.push({
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
      rows,
      chart: { type: 'bar', x: 'week', series: ['quotedCents', 'finalCents', 'depositCents', 'refundCents'], drill: ['week'] },
      benchmark: [],
    });
  }

  if (want('balance_owing')) {
    const rows: Row[] = [];
    for (const p of ps) {
      const x = await q.balanceOwing(tx, r, p);
      rows.push({ pipeline: p.label, jobs: x.jobs, owingCents: x.owing });
    }
    figures.push({
      id: 'balance_owing',
      title: 'Balance owing now',
      definition: 'Across jobs still on the board: the final price (else the quote) less what has been paid, net of refunds.',
      columns: [
        { key: 'pipeline', label: 'Pipeline', unit: 'text' },
        { key: 'jobs', label: 'Jobs owing', unit: 'count' },
        { key: 'owingCents', label: 'Owing', unit: 'cents' },
      ],
      rows,
      chart: { type: 'bar', x: 'pipeline', series: ['owingCents'], drill: ['pipeline'] },
      benchmark: [],
    });
  }

  if (want('staff') && opts.staff) {
    const rows: Row[] = (await q.staff(tx, r, ps)).map((s) => ({ staffId: s.id, name: s.name, moves: s.moves, completions: s.completions }));
    figures.push({
      id: 'staff',
      title: 'Staff',
      definition: 'Moves each member of staff made in the period, and how many of them brought a job to ready.',
      columns: [
        { key: 'staffId', label: 'Staff id', unit: 'text' },
        { key: 'name', label: 'Name', unit: 'text' },
        { key: 'moves', label: 'Moves', unit: 'count' },
        { key: 'completions', label: 'Brought to ready', unit: 'count' },
      ],
      rows,
      chart: { type: 'bar', x: 'name', series: ['moves', 'completions'], drill: ['staffId'] },
      benchmark: [],
    });
  }
  return figures;
}

/** The median of the shops' medians and its interquartile range, where at least 5 shops contribute (the database decides). */
async function benchmarkOf(
  tx: Tx,
  r: q.Range,
  p: ReportPipeline,
  figure: 'cycle_days' | 'ready_to_collected_days',
  mode: 'on' | 'opted_out',
): Promise<Benchmark> {
  const none = { pipeline: p.label, column: 'medianDays', shops: null, p25: null, median: null, p75: null };
  if (mode === 'opted_out') return { ...none, status: 'opted_out' };
  const b = await q.benchmark(tx, r, p, figure);
  return b ? { ...none, status: 'ok', ...b } : { ...none, status: 'not_enough_shops' };
}

const round = (x: number, places: number) => Math.round(x * 10 ** places) / 10 ** places;

/** The jobs behind one bar of a figure. */
export function drill(deps: Deps, actor: Actor, query: DrillQuery) {
  if (staffOnlyFigures.includes(query.figure) && !canSeeStaff(actor)) throw forbidden();
  return deps.db.tenant(actor.shopId, async (tx) => {
    const { range } = await rangeFor(tx, deps, actor, query);
    const ps = reportPipelines();
    const p = ps.find((x) => x.label === query.pipeline || x.kind === query.pipeline);
    const ids = drillIds(range, ps, p, query);
    if (!ids) return { items: [] };
    const items = await q.jobsIn(tx, actor.shopId, ids);
    const found = items.map((j) => ({
      id: j.id,
      kind: j.kind,
      reference: j.reference,
      title: j.title,
      stage: j.stage,
      dueDate: j.due_date,
      staffPath: pipelines.find((e) => e.kind === j.kind)?.staffPath ?? '',
    }));
    // A reference names one bar of the per-job figures.
    const byReference = query.x && (query.figure === 'shelf_now' || query.figure === 'overdue_now') ? found.filter((j) => j.reference === query.x) : found;
    return { items: byReference };
  });
}

const needPipeline = () =>
  new DomainError('validation_failed', 'Validation failed', 'This figure is drawn per pipeline: name one', {
    errors: [{ path: 'pipeline', message: 'Required' }],
  });

function drillIds(r: q.Range, ps: ReportPipeline[], p: ReportPipeline | undefined, d: DrillQuery): SQL | null {
  const x = d.x ?? null;
  switch (d.figure) {
    case 'money':
      return q.moneyJobIds(r, ps, x);
    case 'staff':
      if (!x || !/^[0-9a-f-]{36}$/i.test(x))
        throw new DomainError('validation_failed', 'Validation failed', 'Name the member of staff', { errors: [{ path: 'x', message: 'A staff id' }] });
      return q.staffJobIds(r, x);
    default:
      break;
  }
  if (!p) throw needPipeline();
  switch (d.figure) {
    case 'cycle':
      return q.cycleJobIds(r, p);
    case 'iterations': {
      const n = x ? Number.parseInt(x, 10) : null;
      return q.iterationJobIds(r, p, n !== null && Number.isFinite(n) ? n : null, false);
    }
    case 'design_returns':
      return q.iterationJobIds(r, p, null, true);
    case 'shelf_now':
      return q.shelfJobIds(r, p);
    case 'ready_to_collected':
      return q.collectedJobIds(r, p);
    case 'throughput':
      return q.throughputJobIds(r, p, x, d.series ?? null);
    case 'stage_time':
      return q.stageTimeJobIds(r, p, x);
    case 'wip':
      return x ? q.wipJobIds(r, p, x) : null;
    case 'on_time':
      return q.onTimeJobIds(r, p, d.series === 'onTime' ? 'on_time' : d.series === 'late' ? 'late' : null);
    case 'overdue_now':
      return q.overdueJobIds(r, p);
    case 'balance_owing':
      return q.owingJobIds(r, p);
    default:
      return null;
  }
}

export function setBenchmarkOptOut(deps: { db: Database }, actor: Actor, optOut: boolean) {
  if (!canSeeStaff(actor)) throw new DomainError('forbidden', 'Forbidden', 'Only owners and managers can change this setting');
  return deps.db.tenant(actor.shopId, async (tx) => {
    await q.setBenchmarkOptOut(tx, actor.shopId, optOut);
    return { benchmarkOptOut: optOut };
  });
}
