import { Alert, Badge, Group, Paper, SegmentedControl, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useShopFormat } from '../format/use-shop-format';
import { usePageTitle } from '../layout/page-title';
import { JobLink } from '../pipelines/JobLink';
import { type Channel, messagesQuery, type SentMessage } from './api';
import { channelWord, eventWord, statusColor, statusOf, wordOr } from './delivery-words';

function JobRef({ m }: { m: SentMessage }) {
  if (!m.jobId || !m.reference) return null;
  return (
    <JobLink kind={m.jobKind ?? ''} id={m.jobId}>
      {m.reference}
    </JobLink>
  );
}

/** What customers were sent (or, on the preview channel, would have been sent), newest first. */
export function MessagesPage() {
  usePageTitle('Messages');
  const fmt = useShopFormat();
  const [channel, setChannel] = useState<Channel | 'all'>('preview');
  const list = useQuery(messagesQuery(channel === 'all' ? null : channel));
  return (
    <Stack gap="md" maw={900}>
      <Group justify="space-between" align="baseline">
        <Title order={1} size="h2">
          Customer messages
        </Title>
        <SegmentedControl
          aria-label="Channel"
          value={channel}
          onChange={(v) => setChannel(v === 'all' ? 'all' : ((['preview', 'email', 'sms', 'whatsapp', 'webhook'] as const).find((c) => c === v) ?? 'preview'))}
          data={[
            { value: 'preview', label: 'Preview' },
            { value: 'all', label: 'All channels' },
          ]}
        />
      </Group>
      {channel === 'preview' && (
        <Text size="sm" c="dimmed">
          On the preview channel Loupe keeps each message here instead of sending it: this is what the customer would have received.
        </Text>
      )}
      {list.isError ? (
        <Alert color="red" title="The messages could not be loaded">
          {list.error.message}
        </Alert>
      ) : !list.isSuccess ? (
        <Skeleton h={300} aria-label="Loading messages" />
      ) : list.data.length === 0 ? (
        <Text c="dimmed">No messages yet. Move a job to Ready and its customer's message appears here.</Text>
      ) : (
        list.data.map((m) => (
          <Paper
            key={m.id}
            p="md"
            component="article"
            aria-label={`Message ${m.reference ?? ''} to ${m.to ?? 'nobody'}`}
            data-testid="message"
            style={{ overflowWrap: 'anywhere' }}
          >
            <Group justify="space-between" wrap="nowrap" mb={4}>
              <Group gap="xs">
                <Text fw={700} size="sm">
                  <JobRef m={m} />
                </Text>
                <Text size="sm">{wordOr(eventWord, m.event)}</Text>
                {m.manual && (
                  <Badge size="sm" variant="outline" color="grape" tt="none">
                    Re-sent by {m.requestedBy ?? 'staff'}
                  </Badge>
                )}
              </Group>
              <Badge variant="light" color={statusColor[m.status] ?? 'gray'} tt="none">
                {statusOf(m)}
              </Badge>
            </Group>
            <Text size="xs" c="dimmed">
              {wordOr(channelWord, m.channel)} · to {m.to ?? 'no address'} · <time dateTime={m.createdAt}>{fmt.dateTime(m.sentAt ?? m.createdAt)}</time>
            </Text>
            {m.subject && (
              <Text size="sm" fw={600} mt="xs">
                {m.subject}
              </Text>
            )}
            {m.body && (
              <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap' }}>
                {m.body}
              </Text>
            )}
            {m.lastError && (
              <Text size="sm" c="red.9" mt={4}>
                {m.lastError}
              </Text>
            )}
          </Paper>
        ))
      )}
    </Stack>
  );
}
