import { Badge, Button, Group, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../api/client';
import { isProblem, unwrap } from '../api/problem';
import { keys } from '../api/queries';
import type { ShopFormat } from '../format/shop-format';

const threadKey = (jobId: string) => [...keys.job(jobId), 'messages'] as const;

/** The customer's messages from the tracking page and the shop's answers, with what is still unread. */
export function MessageThread({ jobId, customerName, fmt }: { jobId: string; customerName: string; fmt: ShopFormat }) {
  const queryClient = useQueryClient();
  const [body, setBody] = useState('');
  const thread = useQuery({
    queryKey: threadKey(jobId),
    queryFn: () => unwrap(api.GET('/api/v1/bespoke/{id}/messages', { params: { path: { id: jobId } } })),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: threadKey(jobId) });
  const markRead = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/bespoke/{id}/messages/read', { params: { path: { id: jobId } } })),
    onSuccess: () => void refresh(),
  });
  const reply = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/bespoke/{id}/messages', { params: { path: { id: jobId } }, body: { body } })),
    onSuccess: () => {
      setBody('');
      void refresh();
      void queryClient.invalidateQueries({ queryKey: keys.job(jobId) });
    },
  });
  const unread = thread.data?.unread ?? 0;
  const error = isProblem(reply.error) ? (reply.error.fieldErrors().body ?? reply.error.detail) : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    reply.mutate();
  };
  return (
    <Paper p="md" component="section" aria-labelledby="thread-title">
      <Group justify="space-between" mb="sm">
        <Group gap="xs">
          <Title order={2} size="h4" id="thread-title">
            Customer messages
          </Title>
          {unread > 0 && (
            <Badge color="red" variant="filled" aria-label={`${unread} unread`} data-testid="unread-badge">
              {unread}
            </Badge>
          )}
        </Group>
        {unread > 0 && (
          <Button size="compact-xs" variant="subtle" loading={markRead.isPending} onClick={() => markRead.mutate()}>
            Mark read
          </Button>
        )}
      </Group>
      <Stack gap="xs">
        {thread.data?.items.length === 0 && (
          <Text size="sm" c="dimmed">
            No messages. {customerName} can write from the tracking page.
          </Text>
        )}
        {thread.data?.items.map((m) => (
          <Paper
            key={m.id}
            p="xs"
            withBorder
            bg={m.direction === 'from_customer' ? (m.readAt ? 'gray.0' : 'yellow.0') : 'grape.0'}
            ml={m.direction === 'from_staff' ? 'lg' : 0}
            mr={m.direction === 'from_customer' ? 'lg' : 0}
            data-testid="thread-message"
          >
            <Text size="xs" c="dark.6">
              <b>{m.direction === 'from_customer' ? customerName : (m.author?.name ?? 'The shop')}</b> ·{' '}
              <time dateTime={m.createdAt}>{fmt.dateTime(m.createdAt)}</time>
              {m.direction === 'from_customer' && !m.readAt ? ' · unread' : ''}
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {m.body}
            </Text>
          </Paper>
        ))}
        <form onSubmit={submit} noValidate>
          <Stack gap="xs">
            <Textarea
              label={`Reply to ${customerName}`}
              description="Sent on their channel; it also shows on the tracking page"
              autosize
              minRows={2}
              maxLength={1000}
              value={body}
              error={error}
              onChange={(e) => setBody(e.currentTarget.value)}
            />
            <Button type="submit" size="xs" loading={reply.isPending} disabled={!body.trim()} style={{ alignSelf: 'flex-end' }}>
              Send reply
            </Button>
          </Stack>
        </form>
      </Stack>
    </Paper>
  );
}
