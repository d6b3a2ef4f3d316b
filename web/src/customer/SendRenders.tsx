import { Alert, Button, Paper, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconSend } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import { isProblem, unwrap } from '../api/problem';
import { idempotencyHeader, useSingleFlight, useSubmissionKey } from '../api/submission-key';
import type { JobDetail } from '../api/types';
import { pipelineKeys } from '../pipeline/queries';

/** Renders are made at CAD and may be added at approval; the customer decides on them at approval. */
const designStages: readonly string[] = ['cad', 'approval'];
const reviewStage = 'approval';

/**
 * "Email renders to the customer": at approval, sends the customer their link to the renders marked
 * for them, on their usual channel, to approve or ask for changes there. At CAD it says when they can go.
 */
export function SendRenders({ job }: { job: Pick<JobDetail, 'id' | 'stage' | 'attachments' | 'customer'> }) {
  const queryClient = useQueryClient();
  const renders = job.attachments.filter((a) => a.customerVisible && designStages.includes(a.stage));
  // A double click e-mails the customer once: the same key, and the second click is not sent at all.
  const submission = useSubmissionKey();
  const once = useSingleFlight();
  const send = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/v1/bespoke/{id}/renders/send', { params: { path: { id: job.id } }, headers: idempotencyHeader(submission.current()) })),
    onSettled: submission.renew,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: pipelineKeys('bespoke').one(job.id) });
      notifications.show({
        color: 'green',
        title: 'Renders on their way',
        message: `${job.customer.name} gets a link to approve the design or ask for changes.`,
      });
    },
  });
  if (!designStages.includes(job.stage)) return null;
  return (
    <Paper p="md" component="section" aria-labelledby="send-renders-title">
      <Title order={2} size="h4" id="send-renders-title" mb="xs">
        Design approval
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {renders.length === 0
          ? 'Mark the renders the customer should see as visible to the customer, then send them.'
          : `${renders.length} render${renders.length === 1 ? '' : 's'} visible to the customer.`}
        {job.stage !== reviewStage && ' Move the job to Approval to e-mail them: the customer approves or asks for changes there.'}
      </Text>
      {send.error && (
        <Alert color="red" mb="sm" title="Not sent">
          {isProblem(send.error) ? send.error.message : 'Something went wrong; try again.'}
        </Alert>
      )}
      <Button
        leftSection={<IconSend size={14} aria-hidden />}
        disabled={renders.length === 0 || job.stage !== reviewStage}
        loading={send.isPending}
        onClick={() => once(() => send.mutateAsync())}
        size="xs"
      >
        Email renders to the customer
      </Button>
    </Paper>
  );
}
