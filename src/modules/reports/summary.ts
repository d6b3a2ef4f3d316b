import type { Benchmark, Figure, FigureId, ReportPipeline, Row } from './figures.js';

/**
 * GET /api/v1/reports/summary (api-v1.md): six headline figures of one pipeline, each one number for the
 * shop beside the network's quartiles where at least five shops contribute. Read off the report's own
 * figures, so the summary, the charts and the CSV files cannot disagree.
 */
export const summaryFigures = {
  depositToReady: 'cycle',
  cadIterations: 'iterations',
  readyShelf: 'shelf_now',
  throughput: 'throughput',
  onTime: 'on_time',
  money: 'money',
} as const satisfies Record<string, FigureId>;

export type SummaryName = keyof typeof summaryFigures;

export interface Network {
  median: number;
  p25: number;
  p75: number;
  shops: number;
}

export interface SummaryFigure {
  title: string;
  definition: string;
  unit: 'days' | 'count' | 'share' | 'cents';
  /** The shop's figure for the period and pipeline; null when there is nothing to measure yet. */
  value: number | null;
  /** How many jobs (or, for money, payments' weeks) the value rests on. */
  jobs: number;
  network: Network | null;
}

const num = (c: unknown) => (typeof c === 'number' ? c : 0);
const round = (n: number, places = 2) => Math.round(n * 10 ** places) / 10 ** places;

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return round(s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2);
}

function networkOf(figure: Figure, pipeline: ReportPipeline): Network | null {
  const b: Benchmark | undefined = figure.benchmark.find((x) => x.pipeline === pipeline.label);
  if (b?.status !== 'ok' || b.median === null || b.p25 === null || b.p75 === null || b.shops === null) return null;
  return { median: b.median, p25: b.p25, p75: b.p75, shops: b.shops };
}

/** The one number each figure's rows come to, for the pipeline. */
function headline(name: SummaryName, rows: Row[], pipeline: ReportPipeline): { value: number | null; jobs: number } {
  const own = rows.filter((r) => r.pipeline === undefined || r.pipeline === pipeline.label);
  switch (name) {
    case 'depositToReady': {
      const row = own[0];
      return { value: typeof row?.medianDays === 'number' ? row.medianDays : null, jobs: num(row?.jobs) };
    }
    case 'cadIterations': {
      // From each bucket's real entries, not its name: the last bucket is `4+`, and the network's mean counts every entry.
      const jobs = own.reduce((n, r) => n + num(r.jobs), 0);
      const rounds = own.reduce((n, r) => n + num(r.rounds), 0);
      return { value: jobs === 0 ? null : round(rounds / jobs), jobs };
    }
    case 'readyShelf':
      return { value: median(own.map((r) => num(r.daysWaiting))), jobs: own.length };
    case 'throughput': {
      // Jobs that reached ready in the period: what the workshop finished.
      const done = own.filter((r) => r.stageKey === pipeline.ready).reduce((n, r) => n + num(r.entered), 0);
      return { value: done, jobs: done };
    }
    case 'onTime': {
      const row = own[0];
      return { value: typeof row?.rate === 'number' ? row.rate : null, jobs: num(row?.jobs) };
    }
    case 'money': {
      // Taken in the period, the whole shop's: deposits and payments less refunds.
      const taken = own.reduce((n, r) => n + num(r.depositCents) + num(r.paymentCents) - num(r.refundCents), 0);
      return { value: taken, jobs: own.reduce((n, r) => n + num(r.collected), 0) };
    }
  }
}

const units: Record<SummaryName, SummaryFigure['unit']> = {
  depositToReady: 'days',
  cadIterations: 'count',
  readyShelf: 'days',
  throughput: 'count',
  onTime: 'share',
  money: 'cents',
};

export function summaryOf(figures: readonly Figure[], pipeline: ReportPipeline): Record<SummaryName, SummaryFigure | null> {
  const out = {} as Record<SummaryName, SummaryFigure | null>;
  for (const [name, id] of Object.entries(summaryFigures) as [SummaryName, FigureId][]) {
    const figure = figures.find((f) => f.id === id);
    // A pipeline without design rounds (a repair) has no iterations to count.
    if (!figure || (name === 'cadIterations' && pipeline.iteration === null)) {
      out[name] = null;
      continue;
    }
    out[name] = {
      title: figure.title,
      definition: figure.definition,
      unit: units[name],
      ...headline(name, figure.rows, pipeline),
      network: networkOf(figure, pipeline),
    };
  }
  return out;
}
