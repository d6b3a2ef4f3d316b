import { isCalledOff, type PipelineDefinition, progressOf } from '../../../src/domain/pipeline';

/** What a screen needs to know about one pipeline, read from the domain definition the server uses. */
export interface PipelineVocab<S extends string> {
  kind: string;
  main: readonly S[];
  side: readonly S[];
  all: readonly S[];
  label: (s: S) => string;
  /** A stage word from the API (a history row, a photo), in this pipeline's words when it is one. */
  labelOf: (word: string | null) => string;
  parse: (word: unknown) => S | undefined;
  isArchived: (s: S) => boolean;
  /** Cancelled: off the board, and not finished. */
  isCalledOff: (s: S) => boolean;
  isBackward: (from: S, to: S) => boolean;
  progressIn: (to: S, job: { progress: number }) => number;
  /** A job's progress in a stage; on hold, that of the stage it was in. */
  progressOf: (stage: S, heldFrom: S | null) => number;
  isOverdue: (job: { dueDate: string | null; stage: S }, today: string) => boolean;
  color: Readonly<Record<S, string>>;
  ready: S;
  hold: S;
}

export function vocabOf<S extends string>(p: PipelineDefinition<S>, color: Record<S, string>): PipelineVocab<S> {
  const all: readonly S[] = [...p.stages, ...p.sideStates];
  const parse = (word: unknown): S | undefined => all.find((s) => s === word);
  const index = (s: S) => p.stages.indexOf(s);
  const finished: readonly S[] = [p.ready, ...p.archived];
  return {
    kind: p.kind,
    main: p.stages,
    side: p.sideStates,
    all,
    label: (s) => p.labels[s],
    labelOf: (word) => {
      const s = parse(word);
      return s ? p.labels[s] : (word ?? '');
    },
    parse,
    isArchived: (s) => p.archived.includes(s),
    isCalledOff: (s) => isCalledOff(p, s),
    isBackward: (from, to) => {
      const a = index(from);
      const b = index(to);
      return a >= 0 && b >= 0 && b < a;
    },
    progressIn: (to, job) => (to === p.hold ? job.progress : (p.progress[to] ?? 0)),
    progressOf: (stage, heldFrom) => progressOf(p, stage, heldFrom),
    isOverdue: (job, today) => job.dueDate !== null && job.dueDate < today && !finished.includes(job.stage),
    color,
    ready: p.ready,
    hold: p.hold,
  };
}
