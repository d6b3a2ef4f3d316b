import { Badge, Group, Paper, SegmentedControl, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useReadablePhone } from '../format/phone';
import { useShopFormat } from '../format/use-shop-format';
import { AnchorLink } from '../layout/links';
import { type EnquiryStatus, enquiryListQuery, statusLabels, topicLabels } from './enquiries-api';

const ago = (since: string) => (since === 'just now' ? since : `${since} ago`);

type Filter = 'open' | EnquiryStatus | 'all';
const open: readonly EnquiryStatus[] = ['new', 'contacted', 'booked'];

/** The inbox of web enquiries: newest first, unread ones in bold, filtered by status. */
export function EnquiriesPage() {
  const fmt = useShopFormat();
  const phone = useReadablePhone();
  const list = useQuery(enquiryListQuery);
  const [filter, setFilter] = useState<Filter>('open');
  const items = (list.data?.items ?? []).filter((e) => (filter === 'all' ? true : filter === 'open' ? open.includes(e.status) : e.status === filter));
  return (
    <div>
      <Group justify="space-between" mb="md" align="baseline">
        <Title order={1} size="h2">
          Enquiries
        </Title>
        {list.data ? (
          <Text size="sm" c="dimmed">
            {list.data.unread} unread
          </Text>
        ) : null}
      </Group>
      <SegmentedControl
        mb="md"
        aria-label="Show enquiries"
        value={filter}
        onChange={(v) => setFilter(v as Filter)}
        data={[
          { value: 'open', label: 'Open' },
          { value: 'converted', label: 'Converted' },
          { value: 'completed', label: 'Completed' },
          { value: 'spam', label: 'Spam' },
          { value: 'all', label: 'All' },
        ]}
        style={{ maxWidth: '100%', overflowX: 'auto' }}
      />
      {!list.isSuccess ? (
        <Skeleton h={300} aria-label="Loading enquiries" />
      ) : items.length === 0 ? (
        <Paper p="md">
          <Text c="dimmed">No enquiries here yet. Share your form from Settings → Shop to start receiving them.</Text>
        </Paper>
      ) : (
        <Paper p={0}>
          <Table verticalSpacing="sm" highlightOnHover>
            <caption className="visually-hidden">Web enquiries, newest first</caption>
            <Table.Thead visibleFrom="sm">
              <Table.Tr>
                <Table.Th>From</Table.Th>
                <Table.Th>About</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th ta="right">Received</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>
                    <Stack gap={0}>
                      <AnchorLink
                        to="/enquiries/$id"
                        params={{ id: e.id }}
                        fw={e.unread ? 800 : 500}
                        aria-label={`${e.name}, ${e.reference}${e.unread ? ', unread' : ''}`}
                      >
                        {e.name}
                      </AnchorLink>
                      <Text size="xs" c="dimmed">
                        {e.reference} · {e.email ?? (e.phone && phone(e.phone))}
                      </Text>
                      <Text size="xs" hiddenFrom="sm">
                        {topicLabels[e.topic]} · {statusLabels[e.status]}
                      </Text>
                    </Stack>
                  </Table.Td>
                  <Table.Td visibleFrom="sm">
                    <Text size="sm">{topicLabels[e.topic]}</Text>
                    <Text size="xs" c="dimmed" lineClamp={1} maw={360}>
                      {e.description}
                    </Text>
                  </Table.Td>
                  <Table.Td visibleFrom="sm">
                    <Group gap={4}>
                      {e.unread ? (
                        <Badge color="red" size="sm">
                          Unread
                        </Badge>
                      ) : null}
                      <Badge variant="light" color={e.status === 'spam' ? 'gray' : 'blue'} size="sm">
                        {statusLabels[e.status]}
                      </Badge>
                    </Group>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Text size="xs" c="dimmed" title={fmt.dateTime(e.createdAt)}>
                      {ago(fmt.since(e.createdAt))}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
    </div>
  );
}
