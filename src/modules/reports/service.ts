import type { SQL } from 'drizzle-orm';
import type { Database, Tx } from '../../db/client.js';
import type { Actor } from '../../domain/actor.js';
import type { Clock } from '../../domain/clock.js';
import { DomainError } from '../../domain/errors.js';
import { pipelines } from '../jobs/registry.js';
import { type Comparison, catalog, type FigureDef } from './catalog.js';
import { type Benchmark, type Figure, type FigureId, type ReportPipeline, reportPipeline, staffOnlyFigures } from './figures.js';
import * as q from './queries.js';
import { summaryOf } from './summary.js';

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

/** The period as instants and days in the shop's zone, and the shop's settings. */
export async function reportRange(tx: Tx, deps: Deps, actor: Actor, query: ReportQuery) {
  checkRange(query);
  // A year's medians sort some 100,000 values in memory rather than on disk; for this transaction only.
  await q.roomToSort(tx);
  const shop = await q.shopOf(tx, actor.shopId);
  const bounds = await q.rangeBounds(tx, query.from, query.to, shop.timeZone);
  const range: q.Range = {
    shopId: actor.shopId,
    timeZone: shop.timeZone,
    ...bounds,
    fromDay: query.from,
    toDay: query.to,
    now: deps.clock.now().toISOString(),
  };
  return { range, shop };
}

/**
 * Transactions a page's figures are spread over. A year's figures are CPU-bound sorts inside PostgreSQL,
 * and one transaction would use one core of the server; three keep a small machine's cores busy without
 * taking much of the pool. Each lane starts with the page, so the figures can differ only by the moves
 * that land in the few milliseconds between the lanes' first statements.
 */
const LANES = 3;

/** Every figure for the period, each with its table, chart, definition and, where it has one, the network benchmark. */
export async function getReport(deps: Deps, actor: Actor, query: ReportQuery) {
  const { range, shop } = await deps.db.tenant(actor.shopId, (tx) => reportRange(tx, deps, actor, query));
  const ps = reportPipelines();
  const opts: BuildOptions = { staff: canSeeStaff(actor), benchmark: shop.benchmarkOptOut ? 'opted_out' : 'on' };
  const wanted = catalog.filter((def) => shown(def.id, opts));
  const figures: Figure[] = new Array(wanted.length);
  let next = 0;
  const lane = () =>
    deps.db.tenant(actor.shopId, async (tx) => {
      await q.roomToSort(tx);
      for (let i = next++; i < wanted.length; i = next++) {
        const def = wanted[i];
        if (def) figures[i] = await figureOf(tx, range, ps, def, opts);
      }
    });
  await Promise.all(Array.from({ length: Math.min(LANES, wanted.length) }, lane));
  return { from: query.from, to: query.to, timeZone: shop.timeZone, benchmarkOptOut: shop.benchmarkOptOut, figures };
}

export interface SummaryQuery {
  from?: string | undefined;
  to?: string | undefined;
  pipeline?: string | undefined;
}

/** Without dates, the last 90 days to today (UTC). */
export function periodOf(query: { from?: string | undefined; to?: string | undefined }, clock: Clock): ReportQuery {
  const to = query.to ?? clock.now().toISOString().slice(0, 10);
  const from = query.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 89 * 86_400_000).toISOString().slice(0, 10);
  return { from, to };
}

/** The headline figures of one pipeline (the registry's first when none is named), with the network's quartiles. */
export async function getSummary(deps: Deps, actor: Actor, query: SummaryQuery) {
  const ps = reportPipelines();
  const pipeline = query.pipeline === undefined ? ps[0] : ps.find((p) => p.kind === query.pipeline);
  if (!pipeline) {
    throw new DomainError('validation_failed', 'Validation failed', `No pipeline "${query.pipeline}"`, {
      errors: [{ path: 'pipeline', message: `One of ${ps.map((p) => p.kind).join(', ')}` }],
    });
  }
  const period = periodOf(query, deps.clock);
  const report = await getReport(deps, actor, period);
  return { from: report.from, to: report.to, timeZone: report.timeZone, pipeline: pipeline.kind, ...summaryOf(report.figures, pipeline) };
}

/** One figure's table, for the CSV export. */
export function getFigure(deps: Deps, actor: Actor, id: FigureId, query: ReportQuery) {
  if (staffOnlyFigures.includes(id) && !canSeeStaff(actor)) throw forbidden();
  return deps.db.tenant(actor.shopId, async (tx) => {
    const { range } = await reportRange(tx, deps, actor, query);
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

const shown = (id: FigureId, opts: BuildOptions) => (opts.only === undefined || opts.only === id) && (opts.staff || !staffOnlyFigures.includes(id));

async function buildFigures(tx: Tx, r: q.Range, ps: ReportPipeline[], opts: BuildOptions): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const def of catalog) if (shown(def.id, opts)) figures.push(await figureOf(tx, r, ps, def, opts));
  return figures;
}

async function figureOf(tx: Tx, r: q.Range, ps: ReportPipeline[], def: FigureDef, opts: BuildOptions): Promise<Figure> {
  const benchmark: Benchmark[] = [];
  const compare = def.benchmark;
  if (compare && opts.benchmark !== 'off') {
    for (const p of ps.filter((x) => compare.applies(x))) benchmark.push(await benchmarkOf(tx, r, p, compare, opts.benchmark));
  }
  return {
    id: def.id,
    title: def.title,
    definition: typeof def.definition === 'string' ? def.definition : def.definition(ps),
    columns: def.columns,
    rows: await def.rows(tx, r, ps),
    chart: def.chart,
    benchmark,
  };
}

/** The median of the shops' values and its interquartile range, where at least 5 shops contribute (the database decides). */
async function benchmarkOf(tx: Tx, r: q.Range, p: ReportPipeline, compare: Comparison, mode: 'on' | 'opted_out'): Promise<Benchmark> {
  const none = { pipeline: p.label, column: compare.column, label: compare.label, unit: compare.unit, shops: null, p25: null, median: null, p75: null };
  if (mode === 'opted_out') return { ...none, status: 'opted_out' };
  const b = await q.benchmark(tx, r, p, compare.figure);
  return b ? { ...none, status: 'ok', ...b } : { ...none, status: 'not_enough_shops' };
}

/** The jobs behind one bar of a figure. */
export function drill(deps: Deps, actor: Actor, query: DrillQuery) {
  if (staffOnlyFigures.includes(query.figure) && !canSeeStaff(actor)) throw forbidden();
  return deps.db.tenant(actor.shopId, async (tx) => {
    const { range } = await reportRange(tx, deps, actor, query);
    const ps = reportPipelines();
    const p = ps.find((x) => x.label === query.pipeline || x.kind === query.pipeline);
    const ids = drillIds(range, p, query);
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

function drillIds(r: q.Range, p: ReportPipeline | undefined, d: DrillQuery): SQL | null {
  const x = d.x ?? null;
  switch (d.figure) {
    case 'money':
      return q.moneyJobIds(r, x);
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

/** One figure's SQL, its benchmark included, in the caller's tenant transaction, for an owner: what the bench times figure by figure. */
export async function figureSql(tx: Tx, deps: Deps, owner: Actor, query: ReportQuery, id: FigureId) {
  const { range } = await reportRange(tx, deps, owner, query);
  return buildFigures(tx, range, reportPipelines(), { staff: true, benchmark: 'on', only: id });
}
