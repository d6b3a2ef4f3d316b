import { queryOptions } from '@tanstack/react-query';
import { takeEarlyBoard } from '../api/early-board';
import type { JobApi, PipelineCore } from './types';

/** A pipeline's query keys start with its kind, the word its live events carry, so an event names them. */
export const pipelineKeys = (kind: string) => ({
  lists: [kind, 'list'] as const,
  list: (archived: boolean) => [kind, 'list', { archived }] as const,
  one: (id: string) => [kind, 'detail', id] as const,
});

/** Both pipelines together, for the workshop hub. */
export const hubKey = ['jobs', 'hub'] as const;

type Core = Pick<PipelineCore<string>, 'kind' | 'base'>;

export const listQuery = <J>(p: Core & { api: Pick<JobApi<string, J, unknown, never>, 'board'> }, archived: boolean) =>
  queryOptions({
    queryKey: pipelineKeys(p.kind).list(archived),
    queryFn: async () => (await takeEarlyBoard<J>(p.base, archived)) ?? (await p.api.board(archived)),
    staleTime: 30_000,
  });

export const detailQuery = <D>(p: Core & { api: Pick<JobApi<string, unknown, D, never>, 'one'> }, id: string) =>
  queryOptions({ queryKey: pipelineKeys(p.kind).one(id), queryFn: () => p.api.one(id), staleTime: 10_000 });
