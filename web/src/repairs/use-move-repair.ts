import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { isProblem } from '../api/problem';
import { moveRepair, type Repair, type RepairDetail, type RepairStage, repairKeys } from './api';
import { repairs } from './stages';

export interface RepairMove {
  job: Pick<Repair, 'id' | 'reference' | 'stage' | 'progress'>;
  to: RepairStage;
  note?: string;
}

type Snapshot = [readonly unknown[], Repair[] | undefined][];

/** The bespoke board's move, for repairs: optimistic, carries `from`, snaps back on a 409. */
export function useMoveRepair() {
  const queryClient = useQueryClient();
  return useMutation<Awaited<ReturnType<typeof moveRepair>>, Error, RepairMove, { snapshot: Snapshot }>({
    mutationFn: ({ job, to, note }) => moveRepair(job.id, { to, from: job.stage, note: note?.trim() ? note.trim() : null }),
    onMutate: async ({ job, to }) => {
      await queryClient.cancelQueries({ queryKey: repairKeys.lists });
      const snapshot = queryClient.getQueriesData<Repair[]>({ queryKey: repairKeys.lists });
      const moved = (j: Repair): Repair =>
        j.id === job.id
          ? {
              ...j,
              stage: to,
              stageLabel: repairs.label(to),
              progress: repairs.progressIn(to, j),
              heldFromStage: to === repairs.hold ? j.stage : null,
              stageChangedAt: new Date().toISOString(),
            }
          : j;
      queryClient.setQueriesData<Repair[]>({ queryKey: repairKeys.lists }, (list) => list?.map(moved));
      return { snapshot };
    },
    onError: (error, { job, to }, context) => {
      for (const [key, data] of context?.snapshot ?? []) queryClient.setQueryData(key, data);
      const now = isProblem(error, 'stage_conflict') ? repairs.parse(error.body.currentStage) : undefined;
      notifications.show({
        color: isProblem(error, 'stage_conflict') ? 'orange' : 'red',
        title: isProblem(error, 'stage_conflict') ? `${job.reference} was not moved` : `${job.reference} could not move to ${repairs.label(to)}`,
        message: isProblem(error, 'stage_conflict')
          ? `Someone else moved it${now ? ` to ${repairs.label(now)}` : ''} first. The board now shows where it really is.`
          : isProblem(error)
            ? error.detail
            : 'Something went wrong; try again.',
        autoClose: 8000,
      });
    },
    onSuccess: (answer, { job }) => {
      queryClient.setQueryData<RepairDetail>(repairKeys.one(job.id), (d) => (d ? { ...d, ...answer.job } : d));
    },
    onSettled: (_a, _e, { job }) => {
      void queryClient.invalidateQueries({ queryKey: repairKeys.lists });
      void queryClient.invalidateQueries({ queryKey: repairKeys.one(job.id) });
      void queryClient.invalidateQueries({ queryKey: repairKeys.hub });
    },
  });
}
