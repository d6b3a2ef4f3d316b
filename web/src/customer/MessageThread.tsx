import { Badge, Button, Group, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { isProblem } from '../api/problem';
import { keys } from '../api/queries';
import { useSingleFlight, useSubmissionKey } from '../api/submission-key';
import type { MessageThreadList } from '../api/types';
import type { ShopFormat } from '../format/shop-format';

/** Where one job's messages are read and answered: its pipeline's endpoints, and its detail query. */
export interface ThreadSource {
  /** The job's detail query key: the thread is kept under it, so the job's live events refresh it too. */
  jobKey: readonly unknown[];
  list: () => Promise<MessageThreadList>;
  markRead: () => Promise<unknown>;
  reply: (body: string, key: string) => Promise<unknown>;
}

interface Props {
  source: ThreadSource;
  customerName: string;
  fmt: ShopFormat;
}

/** The customer's messages from the tracking page and the shop's answers, with what is still unread, for a job of either pipeline. */
export function MessageThread({ source, customerName, fmt }: Props) {
  const queryClient = useQueryClient();
  const [body, setBody] = useState('');
  const threadKey = [...source.jobKey, 'messages'];
  const thread = useQuery({ queryKey: threadKey, queryFn: source.list });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: threadKey });
    void queryClient.invalidateQueries({ queryKey: keys.unreadMessages });
  };
  const markRead = useMutation({ mutationFn: source.markRead, onSuccess: refresh });
  // A double click sends the customer one message: the same key, and the second click is not sent at all.
  const submission = useSubmissionKey();
  const once = useSingleFlight();
  const reply = useMutation({
    mutationFn: () => source.reply(body, submission.current()),
    onSettled: submission.renew,
    onSuccess: () => {
      setBody('');
      refresh();
      // The answer is queued for the customer: the job's delivery log shows it.
      void queryClient.invalidateQueries({ queryKey: source.jobKey });
    },
  });
  const unread = thread.data?.unread ?? 0;
  const error = isProblem(reply.error) ? (reply.error.fieldErrors().body ?? reply.error.detail) : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    once(() => reply.mutateAsync());
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
