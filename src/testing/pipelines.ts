import { getTableName } from 'drizzle-orm';
import { jobStages, jobs } from '../db/schema/index.js';
import { allStages, type PipelineDefinition } from '../domain/pipeline.js';
import type { PipelineEntry } from '../modules/jobs/entry.js';
import { pipelines } from '../modules/jobs/registry.js';

/** A pipeline as the tests that hold every pipeline to the same rules see it: its words, its API and its tables. */
export interface PipelineUnderTest {
  def: PipelineDefinition;
  /** Where its jobs live in the API. */
  path: string;
  /** Where its jobs and their history rows are, and its own details. */
  jobsTable: string;
  historyTable: string;
  detailsTable: string;
  /** A create body its API takes, for the customer given. */
  newJob(customerId: string): Record<string, unknown>;
  /** The columns a raw row in the jobs table (or its history) cannot do without: its kind. */
  ownColumns: Readonly<Record<string, string>>;
}

/** A create body for each pipeline's API: the one thing the tests must be told about a pipeline. */
const newJobs: Readonly<Record<string, PipelineUnderTest['newJob']>> = {
  bespoke: (customerId) => ({ title: 'Oval sapphire halo', customerId, quotedCents: 420_000 }),
  repair: (customerId) => ({ customerId, itemType: 'ring', workLines: [{ kind: 'resize', description: 'N to P', priceCents: 4_500 }] }),
  appraisal: (customerId) => ({
    customerId,
    itemType: 'ring',
    description: 'Victorian half-hoop, five old-cut diamonds',
    purpose: 'insurance_replacement',
    quotedCents: 9_500,
    stones: [{ kind: 'diamond', shape: 'old cut', carat: 0.25 }],
  }),
};

const under = (p: PipelineEntry): PipelineUnderTest => {
  const newJob = newJobs[p.kind];
  if (!newJob) throw new Error(`no create body for the ${p.kind} pipeline in testing/pipelines.ts`);
  return {
    def: p.def,
    path: p.apiPath,
    jobsTable: getTableName(jobs),
    historyTable: getTableName(jobStages),
    detailsTable: getTableName(p.store.details),
    newJob,
    ownColumns: { kind: p.kind },
  };
};

/** Every pipeline in the registry: the shared tables of cases run over each. */
export const pipelinesUnderTest: readonly PipelineUnderTest[] = pipelines.map(under);

const underTest = (kind: string) => {
  const p = pipelinesUnderTest.find((u) => u.def.kind === kind);
  if (!p) throw new Error(`no ${kind} pipeline`);
  return p;
};

export const bespokeUnderTest = underTest('bespoke');
export const repairUnderTest = underTest('repair');
export const appraisalUnderTest = underTest('appraisal');

/** The main line by position, for rules that hold whatever the stages are called. */
export function mainLine(def: PipelineDefinition) {
  const at = (i: number): string => {
    const s = def.stages.at(i);
    if (s === undefined) throw new Error(`${def.kind} has no stage ${i}`);
    return s;
  };
  const readyAt = def.stages.indexOf(def.ready);
  return {
    at,
    readyAt,
    beforeReady: at(readyAt - 1),
    /** A job well into the work, still short of ready (the fifth stage, on a line long enough to have one). */
    late: at(Math.min(4, readyAt - 1)),
    /** The stage after `late`. */
    later: at(Math.min(5, readyAt)),
    cancelled: def.sideStates.find((s) => s !== def.hold) ?? '',
  };
}

/**
 * Words that are nearly one of the pipeline's stages, as a careless caller might send them: another
 * word, wrong case, padding, a space or hyphen for the underscore, the staff-facing label, another
 * pipeline's stage, nothing at all.
 */
export function stageNearMisses(def: PipelineDefinition): string[] {
  const words = allStages(def);
  const compound = words.find((w) => w.includes('_')) ?? '';
  const foreign = pipelinesUnderTest.flatMap((o) => allStages(o.def)).find((w) => !words.includes(w)) ?? '';
  return ['polished', 'READY', 'Ready', ' ready', 'ready ', 'on hold', compound.replace('_', '-'), def.labels[compound] ?? '', foreign, ''];
}
