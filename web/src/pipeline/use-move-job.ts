import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { isProblem } from '../api/problem';
import { hubKey, pipelineKeys } from './queries';
import { showReadyNotice } from './ready-notice';
import type { BoardPipeline, MoveAnswer, PipelineJob } from './types';

export interface MoveRequest<S extends string, J extends PipelineJob<S>> {
  job: J;
  to: S;
  note?: string;
}

/**
 * Moves a job with `from` set to the stage this screen believes it is in. The card moves at once;
 * if the server says someone else got there first (409), it snaps back and says where the job is.
 */
export function useMoveJob<S extends string, J extends PipelineJob<S>>(p: BoardPipeline<S, J>) {
  const queryClient = useQueryClient();
  const keys = pipelineKeys(p.kind);
  const { label, progressIn, hold, parse } = p.vocab;
  const mutation = useMutation<MoveAnswer<J>, Error, MoveRequest<S, J>, { snapshot: [readonly unknown[], J[] | undefined][] }>({
    mutationFn: ({ job, to, note }) => p.api.move(job.id, { to, from: job.stage, note: note?.trim() ? note.trim() : null }),
    onMutate: async ({ job, to }) => {
      await queryClient.cancelQueries({ queryKey: keys.lists });
      const snapshot = queryClient.getQueriesData<J[]>({ queryKey: keys.lists });
      const moved = (j: J): J =>
        j.id === job.id
          ? {
              ...j,
              stage: to,
              stageLabel: label(to),
              progress: progressIn(to, j),
              heldFromStage: to === hold ? j.stage : null,
            }
          : j;
      queryClient.setQueriesData<J[]>({ queryKey: keys.lists }, (list) => list?.map(moved));
      return { snapshot };
    },
    onError: (error, { job, to }, context) => {
      for (const [key, data] of context?.snapshot ?? []) queryClient.setQueryData(key, data);
      const conflict = isProblem(error, 'stage_conflict');
      const now = conflict ? parse(error.body.currentStage) : undefined;
      notifications.show({
        color: conflict ? 'orange' : 'red',
        title: conflict ? `${job.reference} was not moved` : `${job.reference} could not move to ${label(to)}`,
        message: conflict
          ? `Someone else moved it${now ? ` to ${label(now)}` : ''} first. The board now shows where it really is.`
          : isProblem(error)
            ? error.detail
            : 'Something went wrong; try again.',
        autoClose: 8000,
      });
    },
    onSuccess: (answer, { job }) => {
      queryClient.setQueryData<J>(keys.one(job.id), (d) => (d ? { ...d, ...answer.job } : d));
      // Wherever the move was made (a drop on the board, the tray, the job page), the same word about the customer.
      if (answer.moved && answer.readyMessage) {
        showReadyNotice(job.reference, answer.readyMessage, () =>
          mutation.mutate({ job: answer.job, to: job.stage, note: 'Undone: moved to ready by mistake' }),
        );
      }
    },
    onSettled: (_answer, _error, { job }) => {
      void queryClient.invalidateQueries({ queryKey: keys.lists });
      void queryClient.invalidateQueries({ queryKey: keys.one(job.id) });
      void queryClient.invalidateQueries({ queryKey: hubKey });
    },
  });
  return mutation;
}
