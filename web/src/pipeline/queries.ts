import { queryOptions } from '@tanstack/react-query';
import { takeEarlyBoard } from '../api/early-board';
import { fromCards } from './cards';
import type { JobApi, PipelineCore, PipelineJob } from './types';
import type { PipelineVocab } from './vocab';
import type { WireCard } from './wire-card';

/** A pipeline's query keys start with its kind, the word its live events carry, so an event names them. */
export const pipelineKeys = (kind: string) => ({
  lists: [kind, 'list'] as const,
  list: (archived: boolean) => [kind, 'list', { archived }] as const,
  one: (id: string) => [kind, 'detail', id] as const,
});

/** Both pipelines together, for the workshop hub. */
export const hubKey = ['jobs', 'hub'] as const;

type Core = Pick<PipelineCore<string>, 'kind' | 'base'>;

/** A pipeline's board: its cards (the early request's, or asked now), read into its jobs. */
export const listQuery = <S extends string, J extends PipelineJob<S>>(
  p: Core & { vocab: Pick<PipelineVocab<S>, 'label' | 'progressOf'>; api: Pick<JobApi<S, J, unknown, never>, 'board'> },
  archived: boolean,
) =>
  queryOptions({
    queryKey: pipelineKeys(p.kind).list(archived),
    queryFn: async () => fromCards<S, J>(p.vocab, (await takeEarlyBoard<WireCard<S>>(p.base, archived)) ?? (await p.api.board(archived))),
    staleTime: 30_000,
  });

export const detailQuery = <D>(p: Core & { api: Pick<JobApi<string, unknown, D, never>, 'one'> }, id: string) =>
  queryOptions({ queryKey: pipelineKeys(p.kind).one(id), queryFn: () => p.api.one(id), staleTime: 10_000 });
