import { Button, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { addComment } from '../../api/mutations';
import { isProblem } from '../../api/problem';
import { keys } from '../../api/queries';
import type { JobDetail } from '../../api/types';
import type { ShopFormat } from '../../format/shop-format';
import classes from './CommentStream.module.css';

type Comment = JobDetail['comments'][number];

interface Props {
  comments: readonly Comment[];
  fmt: ShopFormat;
  /** Posts a comment to the job's pipeline and answers the stored comment. */
  post: (body: string) => Promise<Comment>;
  /** Puts the stored comment into the job's cached detail. */
  onPosted: (comment: Comment) => void;
  emptyHint: string;
}

/** A job's comment stream, for either pipeline: the caller says where comments go. */
export function CommentStream({ comments, fmt, post, onPosted, emptyHint }: Props) {
  const [body, setBody] = useState('');
  const add = useMutation({
    mutationFn: () => post(body),
    onSuccess: (c) => {
      onPosted(c);
      setBody('');
    },
  });
  const error = isProblem(add.error) ? (add.error.fieldErrors().body ?? add.error.message) : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate();
  };
  return (
    <Paper p="md">
      <Title order={2} size="h4" mb="sm">
        Comments
      </Title>
      <Stack gap="sm">
        {comments.length === 0 && (
          <Text size="sm" c="dimmed">
            {emptyHint}
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

/** The bespoke job page's comments. */
export function BespokeComments({ job, fmt }: { job: JobDetail; fmt: ShopFormat }) {
  const queryClient = useQueryClient();
  return (
    <CommentStream
      comments={job.comments}
      fmt={fmt}
      post={(body) => addComment(job.id, body)}
      onPosted={(c) => queryClient.setQueryData<JobDetail>(keys.job(job.id), (d) => (d ? { ...d, comments: [...d.comments, c] } : d))}
      emptyHint="No comments yet. Record the consultation, stone candidates, or what the customer said."
    />
  );
}
