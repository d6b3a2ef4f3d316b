import { z } from 'zod';
import { isoDate } from '../../http/schemas.js';
import { type FigureId, figureIds } from './figures.js';
import { type SummaryName, summaryFigures } from './summary.js';

export const figureId = z.enum(figureIds);

export const reportQuery = z.object({
  from: isoDate.describe('First day of the period, in the shop’s time zone'),
  to: isoDate.describe('Last day of the period (included)'),
});

export const drillQuery = reportQuery.extend({
  figure: figureId,
  pipeline: z.string().max(40).optional().describe('The bar’s pipeline (its kind or label), for figures drawn per pipeline'),
  x: z.string().max(60).optional().describe('The bar’s value along the axis: a week (YYYY-MM-DD), an iteration count, a stage word, a reference, a staff id'),
  series: z.string().max(40).optional().describe('The bar’s series: a stage word (throughput), `onTime` or `late` (on time)'),
});

/** `cycle.csv`: a figure's file name; the summary's names (`depositToReady.csv`) name the same files. */
const csvNames = [...figureIds, ...Object.keys(summaryFigures)].map((f) => `${f}.csv`);
export const csvParams = z.object({ file: z.enum(csvNames as [string, ...string[]]) });
export const figureOfFile = (file: string): FigureId => {
  const name = file.slice(0, -'.csv'.length);
  return name in summaryFigures ? summaryFigures[name as SummaryName] : (name as FigureId);
};

/** The period is optional for the summary and the CSV files: the last 90 days without it. */
export const periodQuery = z.object({
  from: isoDate.optional().describe('First day of the period, in the shop’s time zone (default: 89 days before `to`)'),
  to: isoDate.optional().describe('Last day of the period, included (default: today)'),
});

export const summaryQuery = periodQuery.extend({
  pipeline: z.string().max(40).optional().describe('A pipeline’s kind (`bespoke`, `repair`, `appraisal`); the first when none is given'),
});

const network = z
  .object({ median: z.number(), p25: z.number(), p75: z.number(), shops: z.number().int() })
  .nullable()
  .describe('The network’s quartiles where at least five shops contribute, else null');
const summaryFigure = z
  .object({
    title: z.string(),
    definition: z.string(),
    unit: z.enum(['days', 'count', 'share', 'cents']),
    value: z.number().nullable(),
    jobs: z.number(),
    network,
  })
  .nullable();

export const summaryAnswer = z.object({
  from: z.string(),
  to: z.string(),
  timeZone: z.string(),
  pipeline: z.string(),
  depositToReady: summaryFigure.describe('Median days from the pipeline’s start (a deposit for bespoke work) to ready'),
  cadIterations: summaryFigure.describe('Mean design rounds per job; null for a pipeline without design approval'),
  readyShelf: summaryFigure.describe('Median days the pieces on the ready shelf now have waited'),
  throughput: summaryFigure.describe('Jobs that reached ready in the period'),
  onTime: summaryFigure.describe('Share of jobs ready by their due date'),
  money: summaryFigure.describe('Taken in the period, in minor units: deposits and payments less refunds (the whole shop)'),
});

const cell = z.union([z.string().describe('A word or a date'), z.number().describe('A count, days, a share or minor units'), z.null()]);

export const figure = z.object({
  id: figureId,
  title: z.string(),
  definition: z.string(),
  columns: z.array(z.object({ key: z.string(), label: z.string(), unit: z.enum(['days', 'cents', 'share', 'count', 'text', 'date']) })),
  rows: z.array(z.record(z.string(), cell)),
  chart: z.object({
    type: z.enum(['bar', 'stacked', 'line']),
    x: z.string(),
    series: z.array(z.string()),
    pivot: z.object({ by: z.string(), value: z.string() }).optional(),
    splitBy: z.string().optional(),
    drill: z.array(z.string()),
  }),
  benchmark: z.array(
    z.object({
      pipeline: z.string(),
      column: z.string().describe('The column of the rows this compares'),
      label: z.string().describe('What is compared, in words'),
      unit: z.enum(['days', 'share', 'count']),
      status: z.enum(['ok', 'not_enough_shops', 'opted_out']),
      shops: z.number().int().nullable(),
      p25: z.number().nullable(),
      median: z.number().nullable(),
      p75: z.number().nullable(),
    }),
  ),
});

export const report = z.object({
  from: z.string(),
  to: z.string(),
  timeZone: z.string(),
  benchmarkOptOut: z.boolean(),
  figures: z.array(figure),
});

export const drillAnswer = z.object({
  items: z.array(
    z.object({
      id: z.uuid(),
      kind: z.string(),
      reference: z.string(),
      title: z.string(),
      stage: z.string(),
      dueDate: z.string().nullable(),
      staffPath: z.string(),
    }),
  ),
});

export const benchmarkSettingsBody = z.object({ benchmarkOptOut: z.boolean() }).strict();
export const benchmarkSettings = z.object({ benchmarkOptOut: z.boolean() });

export const csvAnswer = z.string().describe('text/csv');
