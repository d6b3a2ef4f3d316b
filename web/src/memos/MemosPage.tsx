import { Badge, Group, Paper, SegmentedControl, Select, Skeleton, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useShopFormat } from '../format/use-shop-format';
import { AnchorLink, ButtonLink } from '../layout/links';
import { usePageTitle } from '../layout/page-title';
import { directionLabels, type ListFilters, type MemoStatus, memoListQuery, statusColours, statusLabels } from './memos-api';

type Direction = 'all' | 'in' | 'out';

/** Memo parcels taken in and consignments sent out: newest first, filtered by status, direction and what is overdue. */
export function MemosPage() {
  usePageTitle('Memo & consignment');
  const fmt = useShopFormat();
  const [direction, setDirection] = useState<Direction>('all');
  const [status, setStatus] = useState<MemoStatus | null>('active');
  const [overdue, setOverdue] = useState(false);
  const [q, setQ] = useState('');
  const filters: ListFilters = {
    ...(direction !== 'all' ? { direction } : {}),
    ...(status ? { status } : {}),
    ...(overdue ? { overdue: 'true' as const } : {}),
    ...(q.trim() ? { q: q.trim() } : {}),
  };
  const list = useQuery(memoListQuery(filters));
  return (
    <Stack gap="md">
      <Group justify="space-between" align="baseline">
        <Title order={1} size="h2">
          Memo &amp; consignment
        </Title>
        <ButtonLink to="/memos/new" leftSection={<IconPlus size={16} aria-hidden />}>
          New record
        </ButtonLink>
      </Group>
      <Group gap="sm" align="flex-end" wrap="wrap">
        <SegmentedControl
          aria-label="Direction"
          value={direction}
          onChange={(v) => setDirection(v as Direction)}
          data={[
            { value: 'all', label: 'All' },
            { value: 'in', label: 'Memo in' },
            { value: 'out', label: 'Consignment out' },
          ]}
        />
        <Select
          label="Status"
          w={150}
          value={status}
          onChange={(v) => setStatus((v as MemoStatus | null) ?? null)}
          clearable
          placeholder="Any"
          data={Object.entries(statusLabels).map(([value, label]) => ({ value, label }))}
        />
        <TextInput
          label="Search"
          placeholder="Vendor, MEMO-0001, certificate"
          leftSection={<IconSearch size={14} aria-hidden />}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          style={{ flex: '1 1 200px' }}
        />
        <Switch label="Overdue only" checked={overdue} onChange={(e) => setOverdue(e.currentTarget.checked)} mb={8} />
      </Group>
      {!list.isSuccess ? (
        <Skeleton h={240} aria-label="Loading memo records" />
      ) : list.data.items.length === 0 ? (
        <Paper p="md">
          <Text c="dimmed">No records match. Take a memo parcel in or send a consignment out with “New record”.</Text>
        </Paper>
      ) : (
        <Paper p={0}>
          <Table verticalSpacing="sm" highlightOnHover>
            <caption className="visually-hidden">Memo and consignment records, newest first</caption>
            <Table.Thead visibleFrom="sm">
              <Table.Tr>
                <Table.Th>Record</Table.Th>
                <Table.Th>Items</Table.Th>
                <Table.Th>Due back</Table.Th>
                <Table.Th ta="right">Cost</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.items.map((m) => (
                <Table.Tr key={m.id}>
                  <Table.Td>
                    <Stack gap={2}>
                      <Group gap={6}>
                        <AnchorLink to="/memos/$id" params={{ id: m.id }} fw={700}>
                          {m.reference}
                        </AnchorLink>
                        <Badge size="sm" variant="light" color={statusColours[m.status]}>
                          {statusLabels[m.status]}
                        </Badge>
                        {m.overdue && (
                          <Badge size="sm" color="orange">
                            Overdue
                          </Badge>
                        )}
                      </Group>
                      <Text size="sm">
                        {directionLabels[m.direction]} · {m.contact.name}
                        {m.contact.company ? ` (${m.contact.company})` : ''}
                      </Text>
                      <Text size="xs" c="dimmed" hiddenFrom="sm">
                        {m.activeCount} of {m.itemCount} out · due {m.dueBackOn ? fmt.date(m.dueBackOn) : '—'}
                      </Text>
                    </Stack>
                  </Table.Td>
                  <Table.Td visibleFrom="sm">
                    <Text size="sm">
                      {m.activeCount} of {m.itemCount} still out
                    </Text>
                  </Table.Td>
                  <Table.Td visibleFrom="sm">
                    <Text size="sm" c={m.overdue ? 'var(--loupe-warning)' : undefined} fw={m.overdue ? 700 : undefined}>
                      {m.dueBackOn ? fmt.date(m.dueBackOn) : '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right" visibleFrom="sm">
                    <Text size="sm">{fmt.money(m.costCents)}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
    </Stack>
  );
}
