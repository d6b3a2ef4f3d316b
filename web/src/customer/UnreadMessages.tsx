import { Badge, Group, Paper, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import { keys } from '../api/queries';
import type { ShopFormat } from '../format/shop-format';
import { JobLink } from '../pipelines/JobLink';

/** Jobs of either pipeline whose customers wrote from the tracking page and nobody has read it yet. */
export function UnreadMessages({ fmt }: { fmt: ShopFormat }) {
  const unread = useQuery({
    queryKey: keys.unreadMessages,
    queryFn: async () => (await unwrap(api.GET('/api/v1/messages/unread'))).items,
    refetchInterval: 30_000,
  });
  const items = unread.data ?? [];
  if (items.length === 0) return null;
  const total = items.reduce((s, i) => s + i.unread, 0);
  return (
    <Paper p="md" mb="lg" component="section" aria-labelledby="unread-title">
      <Group gap="xs" mb="xs">
        <Title order={2} size="h4" id="unread-title">
          Unread customer messages
        </Title>
        <Badge color="red" variant="filled">
          {total}
        </Badge>
      </Group>
      <Table fz="sm" verticalSpacing={4}>
        <caption className="visually-hidden">Jobs with unread customer messages, newest first</caption>
        <Table.Tbody>
          {[...items]
            .sort((a, b) => b.latestAt.localeCompare(a.latestAt))
            .map((i) => (
              <Table.Tr key={`${i.kind}-${i.jobId}`}>
                <Table.Td>
                  <JobLink kind={i.kind} id={i.jobId}>
                    {i.reference}
                  </JobLink>
                </Table.Td>
                <Table.Td>{i.unread} unread</Table.Td>
                <Table.Td ta="right">
                  <Text span size="xs" c="dimmed">
                    {fmt.since(i.latestAt)} ago
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
