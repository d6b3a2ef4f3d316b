import { DomainError } from './errors.js';
import type { LinkedJobEventKind } from './passports.js';

/**
 * A workshop pipeline described as data. The bespoke and repair pipelines are two values of this
 * type; everything that moves jobs (rules, history, notifications) reads them and knows no stage names.
 */
export interface PipelineDefinition<S extends string = string, K extends string = string> {
  kind: K;
  /** Words used in messages: "Invalid bespoke stage". */
  noun: string;
  /** The main line, in order. */
  stages: readonly S[];
  /** States a job can step out to from anywhere and come back from. */
  sideStates: readonly S[];
  initial: S;
  /** Entering this stage tells the customer their piece is ready. */
  ready: S;
  /** Stages that take a job off the active board. */
  archived: readonly S[];
  /** A side state that shows the progress of the stage the job was in before it. */
  hold: S;
  /** Percent complete per stage; the hold state has none of its own (null). */
  progress: Readonly<Record<S, number | null>>;
  /** The same words for every shop, on the tracking page and in messages. */
  customerLabels: Readonly<Record<S, string>>;
  /** Staff-facing names. */
  labels: Readonly<Record<S, string>>;
  referencePrefix: string;
  /**
   * Where the reports start the clock for time-to-ready (bespoke: the deposit; a repair: intake). A job
   * that skips it starts at the first main-line stage it entered at or after it.
   */
  cycleStart: S;
  /**
   * What a job of this pipeline adds to the provenance passport it is linked to, and on entering which
   * stage (the piece handed back): a repair, `repaired`; an appraisal, `appraised`. None: it adds nothing.
   */
  passportEvent?: { on: S; kind: LinkedJobEventKind };
}

export function allStages<S extends string>(p: PipelineDefinition<S>): readonly S[] {
  return [...p.stages, ...p.sideStates];
}

export function isStage<S extends string>(p: PipelineDefinition<S>, word: unknown): word is S {
  return typeof word === 'string' && (allStages(p) as readonly string[]).includes(word);
}

export function parseStage<S extends string>(p: PipelineDefinition<S>, word: unknown): S {
  if (!isStage(p, word)) {
    const title = `Invalid ${p.noun} stage`;
    throw new DomainError('invalid_stage', title, `${notAStage(p.noun, word)}. Valid stages: ${allStages(p).join(', ')}.`, {
      validStages: allStages(p),
    });
  }
  return word;
}

/** What was given instead of a stage word, said briefly: the answer never echoes a long string back. */
function notAStage(noun: string, word: unknown): string {
  if (word === undefined) return `No ${noun} stage was given`;
  if (typeof word !== 'string') {
    const got = word === null ? 'null' : Array.isArray(word) ? 'a list' : typeof word === 'object' ? 'an object' : `a ${typeof word}`;
    return `A ${noun} stage is a word, not ${got}`;
  }
  return `"${word.length > 40 ? `${word.slice(0, 40)}…` : word}" is not a ${noun} stage`;
}

/** Percent complete. A held job shows the progress of the stage it was held from. */
export function progressOf<S extends string>(p: PipelineDefinition<S>, stage: S, heldFrom: S | null = null): number {
  if (stage === p.hold) return heldFrom && heldFrom !== p.hold ? progressOf(p, heldFrom) : 0;
  return p.progress[stage] ?? 0;
}

export function isArchived<S extends string>(p: PipelineDefinition<S>, stage: S): boolean {
  return p.archived.includes(stage);
}

export type MoveDirection = 'forward' | 'back' | 'side' | 'resume';

export type MovePlan<S extends string> =
  | { kind: 'noop'; stage: S }
  | { kind: 'move'; from: S; to: S; direction: MoveDirection; notifiesReady: boolean; heldFrom: S | null };

/**
 * Decides what a request to move a job means. `expected` is the stage the client believes the
 * job is in; `current` is the stage it is in. Already there is a quiet no-op; elsewhere than the
 * client believes is a conflict; anything else lands, forward (skips allowed), back (a rework),
 * or to and from the side states.
 */
export function planMove<S extends string>(p: PipelineDefinition<S>, current: S, to: S, expected: S | undefined, heldFrom: S | null = null): MovePlan<S> {
  if (current === to) return { kind: 'noop', stage: current };
  if (expected !== undefined && expected !== current) {
    throw new DomainError('stage_conflict', 'Stage conflict', `The job is in ${current}, not ${expected}; reload it and try again.`, {
      currentStage: current,
    });
  }
  return {
    kind: 'move',
    from: current,
    to,
    direction: directionOf(p, current, to),
    notifiesReady: to === p.ready,
    heldFrom: to === p.hold ? (current === p.hold ? heldFrom : current) : null,
  };
}

function directionOf<S extends string>(p: PipelineDefinition<S>, from: S, to: S): MoveDirection {
  if (p.sideStates.includes(to)) return 'side';
  if (p.sideStates.includes(from)) return 'resume';
  return p.stages.indexOf(to) > p.stages.indexOf(from) ? 'forward' : 'back';
}

/** A side state that also takes the job off the board: the job was called off (cancelled), not finished. */
export function isCalledOff<S extends string>(p: Pick<PipelineDefinition<S>, 'sideStates' | 'archived'>, stage: S): boolean {
  return p.sideStates.includes(stage) && p.archived.includes(stage);
}
