import { Button, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { isProblem } from '../../api/problem';
import { useSingleFlight, useSubmissionKey } from '../../api/submission-key';
import type { ShopFormat } from '../../format/shop-format';
import { pipelineKeys } from '../queries';
import type { JobApi, PipelineDetail, PipelineWords } from '../types';
import classes from './CommentStream.module.css';

interface Props<D extends PipelineDetail<string>> {
  p: { kind: string; words: PipelineWords; api: Pick<JobApi<string, unknown, D, never>, 'comment'> };
  job: D;
  fmt: ShopFormat;
}

/** A job's comment stream: what the bench and the counter say about it, oldest first. */
export function CommentStream<D extends PipelineDetail<string>>({ p, job, fmt }: Props<D>) {
  const queryClient = useQueryClient();
  const [body, setBody] = useState('');
  // A double click posts one comment: the same key, and the second click is not sent at all.
  const submission = useSubmissionKey();
  const once = useSingleFlight();
  const add = useMutation({
    mutationFn: () => p.api.comment(job.id, body, submission.current()),
    onSettled: submission.renew,
    onSuccess: (c) => {
      queryClient.setQueryData<D>(pipelineKeys(p.kind).one(job.id), (d) => (d ? { ...d, comments: [...d.comments, c] } : d));
      setBody('');
    },
  });
  const comments = job.comments;
  const error = isProblem(add.error) ? (add.error.fieldErrors().body ?? add.error.message) : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    once(() => add.mutateAsync());
  };
  return (
    <Paper p="md">
      <Title order={2} size="h4" mb="sm">
        Comments
      </Title>
      <Stack gap="sm">
        {comments.length === 0 && (
          <Text size="sm" c="dimmed">
            {p.words.commentsHint}
          </Text>
        )}
        {comments.map((c) => (
          <article key={c.id} className={classes.comment}>
            <Text size="xs" c="dimmed">
              <b>{c.author?.name ?? 'Loupe'}</b> · <time dateTime={c.createdAt}>{fmt.dateTime(c.createdAt)}</time>
            </Text>
            <Text size="sm" className={classes.body}>
              {c.body}
            </Text>
          </article>
        ))}
        <form onSubmit={submit} noValidate>
          <Stack gap="xs">
            <Textarea label="Add a comment" autosize minRows={2} value={body} error={error} onChange={(e) => setBody(e.currentTarget.value)} />
            <Button type="submit" size="xs" variant="light" loading={add.isPending} disabled={!body.trim()} style={{ alignSelf: 'flex-end' }}>
              Add comment
            </Button>
          </Stack>
        </form>
      </Stack>
    </Paper>
  );
}
