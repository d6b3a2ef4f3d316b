import { ActionIcon, Badge, Button, Group, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconLinkOff } from '@tabler/icons-react';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { isProblem } from '../api/problem';
import { AnchorLink } from '../layout/links';
import type { JobApi } from '../pipeline/types';
import { availableQuery, type LinkedItem, memoKeys, statusColours, statusLabels } from './memos-api';

type MemoCalls = Pick<JobApi<string, unknown, unknown, never>, 'memoItems'>;

/** The memo items one job uses, from its pipeline's API. */
export const jobMemoQuery = (api: MemoCalls, base: string, jobId: string) =>
  queryOptions({ queryKey: memoKeys.ofJob(base, jobId), queryFn: () => api.memoItems(jobId).list() });

export const itemLine = (i: LinkedItem) => `${i.label} · ${i.memo.reference}`;

/** On a job's page: the stones and pieces on memo it uses, a link to each memo, and linking another. */
export function JobMemoPanel({ api, base, jobId }: { api: MemoCalls; base: string; jobId: string }) {
  const queryClient = useQueryClient();
  const linked = useQuery(jobMemoQuery(api, base, jobId));
  const available = useQuery(availableQuery);
  const [pick, setPick] = useState<string | null>(null);
  const done = (data: { items: LinkedItem[] }) => {
    queryClient.setQueryData(memoKeys.ofJob(base, jobId), data);
    void queryClient.invalidateQueries({ queryKey: memoKeys.all });
  };
  const failed = (title: string) => (error: Error) =>
    notifications.show({ color: 'red', title, message: isProblem(error) ? error.detail : 'Something went wrong; try again.' });
  const link = useMutation({
    mutationFn: (itemId: string) => api.memoItems(jobId).link(itemId),
    onSuccess: (data) => {
      done(data);
      setPick(null);
    },
    onError: failed('The item was not linked'),
  });
  const unlink = useMutation({
    mutationFn: (itemId: string) => api.memoItems(jobId).unlink(itemId),
    onSuccess: done,
    onError: failed('The item was not unlinked'),
  });
  const items = linked.data?.items ?? [];
  return (
    <Paper p="md" data-testid="job-memo-items">
      <Title order={2} size="h4" mb="xs">
        Memo items
      </Title>
      <Stack gap="xs">
        {items.length === 0 ? (
          <Text size="sm" c="dimmed">
            No stones or pieces on memo linked yet.
          </Text>
        ) : (
          items.map((i) => (
            <Group key={i.id} justify="space-between" wrap="nowrap" align="flex-start">
              <div style={{ minWidth: 0 }}>
                <Text size="sm" fw={600}>
                  {i.label}
                </Text>
                <Text size="xs" c="dimmed">
                  <AnchorLink to="/memos/$id" params={{ id: i.memo.id }} size="xs" underline="always">
                    {i.memo.reference}
                  </AnchorLink>{' '}
                  from {i.memo.contactName}
                </Text>
              </div>
              <Group gap={4} wrap="nowrap">
                <Badge size="sm" variant="light" color={statusColours[i.status]} miw="max-content">
                  {statusLabels[i.status]}
                </Badge>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  aria-label={`Unlink ${i.label}`}
                  onClick={() => unlink.mutate(i.id)}
                  loading={unlink.isPending && unlink.variables === i.id}
                >
                  <IconLinkOff size={16} aria-hidden />
                </ActionIcon>
              </Group>
            </Group>
          ))
        )}
        <Group align="flex-end" gap="xs" wrap="nowrap">
          <Select
            style={{ flex: 1, minWidth: 0 }}
            label="Link a memo item"
            placeholder={available.data?.items.length === 0 ? 'Nothing on memo to link' : 'Choose a stone or piece'}
            searchable
            data={(available.data?.items ?? []).map((i) => ({ value: i.id, label: itemLine(i) }))}
            value={pick}
            onChange={setPick}
            nothingFoundMessage="No such item on memo"
          />
          <Button variant="default" disabled={!pick} loading={link.isPending} onClick={() => pick && link.mutate(pick)}>
            Link
          </Button>
        </Group>
        <AnchorLink to="/memos/new" size="xs">
          Take a memo parcel in
        </AnchorLink>
      </Stack>
    </Paper>
  );
}
