import { getTableName } from 'drizzle-orm';
import { allStages, type PipelineDefinition } from '../domain/pipeline.js';
import { bespokeStore } from '../modules/bespoke/store.js';
import type { PipelineStore } from '../modules/pipeline/store.js';
import { repairStore } from '../modules/repairs/store.js';

/** A pipeline as the tests that hold every pipeline to the same rules see it: its words, its API and its tables. */
export interface PipelineUnderTest {
  def: PipelineDefinition;
  /** Where its jobs live in the API. */
  path: string;
  jobsTable: string;
  historyTable: string;
  /** A create body its API takes, for the customer given. */
  newJob(customerId: string): Record<string, unknown>;
  /** The columns of its own that a raw row in its jobs table cannot do without. */
  ownColumns: Readonly<Record<string, string>>;
}

const under = (store: PipelineStore, path: string, rest: Pick<PipelineUnderTest, 'newJob' | 'ownColumns'>): PipelineUnderTest => ({
  def: store.def,
  path,
  jobsTable: getTableName(store.jobs),
  historyTable: getTableName(store.history),
  ...rest,
});

export const bespokeUnderTest = under(bespokeStore, '/api/v1/bespoke', {
  newJob: (customerId) => ({ title: 'Oval sapphire halo', customerId, quotedCents: 420_000 }),
  ownColumns: {},
});

export const repairUnderTest = under(repairStore, '/api/v1/repairs', {
  newJob: (customerId) => ({ customerId, itemType: 'ring', workLines: [{ kind: 'resize', description: 'N to P', priceCents: 4_500 }] }),
  ownColumns: { item_type: 'ring' },
});

export const pipelinesUnderTest: readonly PipelineUnderTest[] = [bespokeUnderTest, repairUnderTest];

/** The main line by position, for rules that hold whatever the stages are called. */
export function mainLine(def: PipelineDefinition) {
  const at = (i: number): string => {
    const s = def.stages.at(i);
    if (s === undefined) throw new Error(`${def.kind} has no stage ${i}`);
    return s;
  };
  const readyAt = def.stages.indexOf(def.ready);
  return { at, readyAt, beforeReady: at(readyAt - 1), cancelled: def.sideStates.find((s) => s !== def.hold) ?? '' };
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
