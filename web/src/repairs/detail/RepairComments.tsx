import { Button, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { isProblem } from '../../api/problem';
import classes from '../../bespoke/detail/CommentStream.module.css';
import type { ShopFormat } from '../../format/shop-format';
import { addRepairComment, type RepairDetail, repairKeys } from '../api';

export function RepairComments({ job, fmt }: { job: RepairDetail; fmt: ShopFormat }) {
  const queryClient = useQueryClient();
  const [body, setBody] = useState('');
  const add = useMutation({
    mutationFn: () => addRepairComment(job.id, body),
    onSuccess: (c) => {
      queryClient.setQueryData<RepairDetail>(repairKeys.one(job.id), (d) => (d ? { ...d, comments: [...d.comments, c] } : d));
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
        {job.comments.length === 0 && (
          <Text size="sm" c="dimmed">
            No comments yet. Record what the bench found, or what the customer said on the phone.
          </Text>
        )}
        {job.comments.map((c) => (
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
