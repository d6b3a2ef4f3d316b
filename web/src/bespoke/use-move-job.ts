import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { moveJob } from '../api/mutations';
import { isProblem } from '../api/problem';
import { keys } from '../api/queries';
import type { Job, JobDetail, Stage } from '../api/types';
import { allStages, progressIn, stageLabel } from './stages';

export interface MoveRequest {
  job: Pick<Job, 'id' | 'reference' | 'stage' | 'heldFromStage' | 'progress'>;
  to: Stage;
  note?: string;
}

type Snapshot = [readonly unknown[], Job[] | undefined][];

const asStage = (v: unknown): Stage | undefined => allStages.find((s) => s === v);

/**
 * Moves a job with `from` set to the stage this screen believes it is in. The card moves at once;
 * if the server says someone else got there first (409), it snaps back and says where the job is.
 */
export function useMoveJob() {
  const queryClient = useQueryClient();
  return useMutation<Awaited<ReturnType<typeof moveJob>>, Error, MoveRequest, { snapshot: Snapshot }>({
    mutationFn: ({ job, to, note }) => moveJob(job.id, { to, from: job.stage, note: note?.trim() ? note.trim() : null }),
    onMutate: async ({ job, to }) => {
      await queryClient.cancelQueries({ queryKey: keys.jobs });
      const snapshot = queryClient.getQueriesData<Job[]>({ queryKey: keys.jobs });
      const moved = (j: Job): Job =>
        j.id === job.id
          ? {
              ...j,
              stage: to,
              stageLabel: stageLabel(to),
              progress: progressIn(to, j),
              heldFromStage: to === 'on_hold' ? j.stage : null,
              stageChangedAt: new Date().toISOString(),
            }
          : j;
      queryClient.setQueriesData<Job[]>({ queryKey: keys.jobs }, (list) => list?.map(moved));
      return { snapshot };
    },
    onError: (error, { job, to }, context) => {
      for (const [key, data] of context?.snapshot ?? []) queryClient.setQueryData(key, data);
      if (isProblem(error, 'stage_conflict')) {
        const now = asStage(error.body.currentStage);
        notifications.show({
          color: 'orange',
          title: `${job.reference} was not moved`,
          message: `Someone else moved it${now ? ` to ${stageLabel(now)}` : ''} first. The board now shows where it really is.`,
          autoClose: 8000,
        });
      } else {
        notifications.show({
          color: 'red',
          title: `${job.reference} could not move to ${stageLabel(to)}`,
          message: isProblem(error) ? error.detail : 'Something went wrong; try again.',
          autoClose: 8000,
        });
      }
    },
    onSuccess: (answer, { job }) => {
      queryClient.setQueryData<JobDetail>(keys.job(job.id), (d) => (d ? { ...d, ...answer.job } : d));
    },
    onSettled: (_answer, _error, { job }) => {
      void queryClient.invalidateQueries({ queryKey: keys.jobs });
      void queryClient.invalidateQueries({ queryKey: keys.job(job.id) });
    },
  });
}
