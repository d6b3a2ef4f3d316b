import type { PipelineDefinition } from '../../domain/pipeline.js';
import type { PipelineEntry } from '../jobs/entry.js';

/**
 * What the reports read from a pipeline's definition and registry entry, never naming one: where the
 * clock starts, the ready stage, the stage a piece leaves the shelf to, the hold state, and (for a
 * pipeline whose customers approve a design) the stage a design goes back to.
 */
export interface ReportPipeline {
  kind: string;
  label: string;
  def: PipelineDefinition;
  /** The start stage and every main-line stage after it. */
  startStages: string[];
  ready: string;
  /** The main-line stage after ready (collected), if there is one. */
  collected: string | null;
  hold: string;
  /** Stages that take a job off the board. */
  archived: string[];
  /** The stage customers approve a design from, and the stage a declined design goes back to. */
  iteration: { stage: string; reviewStage: string; reviewIndex: number } | null;
}

export function reportPipeline(entry: PipelineEntry): ReportPipeline {
  const def = entry.def;
  const readyAt = def.stages.indexOf(def.ready);
  const review = entry.designReview;
  return {
    kind: entry.kind,
    label: capitalise(def.noun),
    def,
    startStages: def.stages.slice(def.stages.indexOf(def.cycleStart)),
    ready: def.ready,
    collected: def.stages[readyAt + 1] ?? null,
    hold: def.hold,
    archived: [...def.archived],
    iteration: review ? { stage: review.declinedTo, reviewStage: review.stage, reviewIndex: def.stages.indexOf(review.stage) } : null,
  };
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export const figureIds = [
  'cycle',
  'iterations',
  'design_returns',
  'shelf_now',
  'ready_to_collected',
  'throughput',
  'stage_time',
  'wip',
  'on_time',
  'overdue_now',
  'money',
  'balance_owing',
  'staff',
] as const;
export type FigureId = (typeof figureIds)[number];

/** Figures that name staff: owners and managers only. */
export const staffOnlyFigures: readonly FigureId[] = ['staff'];

export type Cell = string | number | null;
export type Row = Record<string, Cell>;

export interface Column {
  key: string;
  label: string;
  /** `days`, `cents`, `share` (0..1), `count` or text. */
  unit: 'days' | 'cents' | 'share' | 'count' | 'text' | 'date';
}

export interface ChartSpec {
  type: 'bar' | 'stacked' | 'line';
  /** The column along the axis. */
  x: string;
  /** The columns drawn as series; or, with `pivot`, the column whose values name the series. */
  series: string[];
  /** Long rows drawn wide: one series per value of `pivot.by`, sized by `pivot.value`. */
  pivot?: { by: string; value: string };
  /** One chart per value of this column (a pipeline). */
  splitBy?: string;
  /** What a click on a bar asks the drill-down for: the columns that name the bar. */
  drill: string[];
}

export interface Benchmark {
  /** The value of the row's `pipeline` column this compares. */
  pipeline: string;
  column: string;
  /** What is compared, in words: `median days to ready`. */
  label: string;
  unit: 'days' | 'share' | 'count';
  status: 'ok' | 'not_enough_shops' | 'opted_out';
  shops: number | null;
  p25: number | null;
  median: number | null;
  p75: number | null;
}

export interface Figure {
  id: FigureId;
  title: string;
  definition: string;
  columns: Column[];
  rows: Row[];
  chart: ChartSpec;
  benchmark: Benchmark[];
}
