import { bespokePipeline } from '../../../src/domain/bespoke-pipeline';
import type { Job, Stage } from '../api/types';
import { vocabOf } from '../pipeline/vocab';

/** The pipeline's vocabulary comes from the domain module the server uses: one definition, two readers. */
export const mainStages: readonly Stage[] = bespokePipeline.stages;
export const sideStages: readonly Stage[] = bespokePipeline.sideStates;
export const allStages: readonly Stage[] = [...mainStages, ...sideStages];

export const stageLabel = (s: Stage): string => bespokePipeline.labels[s];

/** Columns of the kanban: the main line; collected and cancelled are archived, on hold is a side tray. */
export const boardStages: readonly Stage[] = mainStages;

export const isArchived = (s: Stage): boolean => (bespokePipeline.archived as readonly Stage[]).includes(s);

export const stageIndex = (s: Stage): number => mainStages.indexOf(s);

/** A move to an earlier main-line stage is a rework: it needs a note saying why. */
export function isBackward(from: Stage, to: Stage): boolean {
  const a = stageIndex(from);
  const b = stageIndex(to);
  return a >= 0 && b >= 0 && b < a;
}

/** The progress a job shows once in `to`, as the server would compute it. */
export function progressIn(to: Stage, job: Pick<Job, 'stage' | 'heldFromStage' | 'progress'>): number {
  if (to === 'on_hold') return job.progress;
  return bespokePipeline.progress[to] ?? 0;
}

const finished: readonly Stage[] = ['ready', 'collected', 'cancelled'];

export function isOverdue(job: Pick<Job, 'dueDate' | 'stage'>, today: string): boolean {
  return job.dueDate !== null && job.dueDate < today && !finished.includes(job.stage);
}

export const stageColor: Record<Stage, string> = {
  enquiry: 'gray',
  consultation: 'indigo',
  deposit_received: 'violet',
  stone_sourcing: 'grape',
  cad: 'blue',
  approval: 'cyan',
  setting: 'teal',
  polish: 'green',
  ready: 'lime',
  collected: 'dark',
  cancelled: 'red',
  on_hold: 'orange',
};

/** The same words as a `PipelineVocab`, for the parts both pipelines share (the pipeline view). */
export const bespoke = vocabOf<Stage>(bespokePipeline, stageColor);
