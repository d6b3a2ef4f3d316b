import type { MantineSize } from '@mantine/core';
import type { Icon } from '@tabler/icons-react';
import { type QueryClient, type UseQueryResult, useQuery } from '@tanstack/react-query';
import { type ComponentType, lazy } from 'react';
import type { PipelineBase } from './api';
import { BoardPage } from './board/BoardPage';
import { fromCards } from './cards';
import { listQuery } from './queries';
import { StageBadge } from './StageBadge';
import type { BaseForm, PipelineConfig, PipelineDetail, PipelineJob, PipelineWords } from './types';
import type { WireCard } from './wire-card';

/**
 * A pipeline as the rest of the app sees it: its screens bound to its configuration, and what the hub,
 * the intake and the navigation read of it, with no stage type to carry around.
 */
export interface Pipeline {
  base: PipelineBase;
  kind: string;
  icon: Icon;
  words: PipelineWords;
  /** The main line's stages, in order, and any stage word in this pipeline's words. */
  main: readonly string[];
  labelOf: (word: string | null) => string;
  /** Whether a stage word is one the active board leaves out (collected, cancelled). */
  isArchived: (word: string) => boolean;
  /** Whether a stage word is the one for a job called off (cancelled): nothing is owed on it. */
  isCalledOff: (word: string) => boolean;
  isOverdue: (job: Pick<PipelineJob<string>, 'dueDate' | 'stage'>, today: string) => boolean;
  /** The stage word of a piece waiting on the shelf for its customer. */
  ready: string;
  useJobs: (archived: boolean) => UseQueryResult<PipelineJob<string>[]>;
  prefetch: (queryClient: QueryClient, archived: boolean) => Promise<void>;
  /** Puts board cards the page already holds (the server's first screen) where the active board reads them. */
  seedBoard: (queryClient: QueryClient, cards: readonly WireCard<string>[]) => void;
  Badge: ComponentType<{ stage: string; size?: MantineSize }>;
  Board: ComponentType;
  Detail: ComponentType<{ id: string }>;
  New: ComponentType;
  Edit: ComponentType<{ id: string }>;
  Intake: ComponentType;
}

export function definePipeline<S extends string, J extends PipelineJob<S>, D extends J & PipelineDetail<S>, F extends BaseForm, C>(
  p: PipelineConfig<S, J, D, F, C>,
): Pipeline {
  const { vocab } = p;
  // The job page and the forms load when first opened, as the board does not need them.
  const detail = () => import('./detail/DetailPage');
  const forms = () => import('./form/FormPage');
  return {
    base: p.base,
    kind: p.kind,
    icon: p.icon,
    words: p.words,
    main: vocab.main,
    labelOf: vocab.labelOf,
    isArchived: (word) => {
      const stage = vocab.parse(word);
      return stage !== undefined && vocab.isArchived(stage);
    },
    isCalledOff: (word) => {
      const stage = vocab.parse(word);
      return stage !== undefined && vocab.isCalledOff(stage);
    },
    isOverdue: (job, today) => {
      const stage = vocab.parse(job.stage);
      return stage !== undefined && vocab.isOverdue({ dueDate: job.dueDate, stage }, today);
    },
    ready: vocab.ready,
    useJobs: (archived) => useQuery(listQuery(p, archived)),
    prefetch: (queryClient, archived) => queryClient.prefetchQuery(listQuery(p, archived)),
    seedBoard: (queryClient, cards) => {
      // A card's stage is one of the pipeline's words: the server wrote it from the same definition.
      queryClient.setQueryData(listQuery(p, false).queryKey, fromCards<S, J>(vocab, cards as readonly WireCard<S>[]));
    },
    // biome-ignore lint/correctness/noComponentHookFactories: definePipeline runs once per pipeline, when its module loads, so each component is made once
    Badge: ({ stage, size }) => {
      const s = vocab.parse(stage);
      return s ? <StageBadge vocab={vocab} stage={s} size={size} /> : null;
    },
    // biome-ignore lint/correctness/noComponentHookFactories: definePipeline runs once per pipeline, when its module loads, so each component is made once
    Board: () => <BoardPage p={p} />,
    Detail: lazy(() => detail().then((m) => ({ default: ({ id }: { id: string }) => <m.DetailPage p={p} id={id} /> }))),
    New: lazy(() => forms().then((m) => ({ default: () => <m.NewJobPage p={p} /> }))),
    Edit: lazy(() => forms().then((m) => ({ default: ({ id }: { id: string }) => <m.EditJobPage p={p} id={id} /> }))),
    Intake: lazy(() => import('./form/IntakePanel').then((m) => ({ default: () => <m.IntakePanel p={p} /> }))),
  };
}
