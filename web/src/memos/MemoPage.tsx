import { Badge, Button, Group, Menu, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconChevronDown, IconPrinter } from '@tabler/icons-react';
import { useMutation, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { isProblem } from '../api/problem';
import { useSingleFlight } from '../api/submission-key';
import { useShopFormat } from '../format/use-shop-format';
import { AnchorLink } from '../layout/links';
import { usePageTitle } from '../layout/page-title';
import { directionLabels, type MemoItem, memoKeys, memoQuery, type Outcome, reconcile, statusColours, statusLabels } from './memos-api';
import { isFinal, SettleItemModal, type Settling } from './SettleItemModal';

const outcomes: { value: Outcome; label: string }[] = [
  { value: 'sold', label: 'Sold' },
  { value: 'returned', label: 'Returned' },
  { value: 'expired', label: 'Expired' },
  { value: 'lost', label: 'Lost' },
];

/** What an item may still become: anything while active; an expired one may still be sold, returned or lost. */
const nextOutcomes = (i: MemoItem) => (i.status === 'active' ? outcomes : i.status === 'expired' ? outcomes.filter((o) => o.value !== 'expired') : []);

/** One memo parcel or consignment: who, when, the terms, and each item with how it ended. */
export function MemoPage() {
  const { id } = useParams({ from: '/staff/memos/$id' });
  const fmt = useShopFormat();
  const queryClient = useQueryClient();
  const { data: memo } = useSuspenseQuery(memoQuery(id));
  usePageTitle(`${memo.reference} ${memo.contact.name}`);
  const [settling, setSettling] = useState<Settling | null>(null);
  const once = useSingleFlight();
  const settle = useMutation({
    mutationFn: ({ item, outcome, priceCents }: { item: MemoItem; outcome: Outcome; priceCents?: number }) => reconcile(memo.id, item.id, outcome, priceCents),
    onSuccess: (data, { item, outcome }) => {
      setSettling(null);
      queryClient.setQueryData(memoKeys.detail(memo.id), data);
      void queryClient.invalidateQueries({ queryKey: memoKeys.all });
      const sold = data.direction === 'out' && outcome === 'sold' ? data.items.find((i) => i.id === item.id) : undefined;
      notifications.show({
        color: 'green',
        title: `${item.label}: ${statusLabels[outcome].toLowerCase()}`,
        message: sold ? `${data.contact.name} owes you ${fmt.money(sold.soldCents)}` : '',
      });
    },
    // A confirmed outcome's failure is said in its modal, beside what was asked.
    onError: (error, { outcome }) => {
      if (!isFinal(outcome))
        notifications.show({ color: 'red', title: 'Not recorded', message: isProblem(error) ? error.detail : 'Something went wrong; try again.' });
    },
  });
  const choose = (item: MemoItem, outcome: Outcome) => {
    if (isFinal(outcome)) {
      settle.reset();
      setSettling({ item, outcome });
    } else once(() => settle.mutateAsync({ item, outcome }));
  };
  const facts: [string, string][] = [
    [memo.direction === 'in' ? 'Vendor' : 'Consignee', [memo.contact.name, memo.contact.company].filter(Boolean).join(', ')],
    ['Contact', [memo.contact.phone, memo.contact.email].filter(Boolean).join(' · ') || '—'],
    [memo.direction === 'in' ? 'Received' : 'Sent', fmt.date(memo.receivedOn)],
    ['Due back', memo.dueBackOn ? `${fmt.date(memo.dueBackOn)}${memo.overdue ? ' (overdue)' : ''}` : '—'],
    ['Cost', fmt.money(memo.costCents)],
    ['Retail', fmt.money(memo.retailCents)],
  ];
  return (
    <Stack gap="md">
      <AnchorLink to="/memos" size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} aria-hidden /> All memo records
        </Group>
      </AnchorLink>
      <Group justify="space-between" align="flex-start">
        <div>
          <Group gap="sm">
            <Title order={1} size="h2">
              {memo.reference}
            </Title>
            <Badge variant="filled" color={statusColours[memo.status]}>
              {statusLabels[memo.status]}
            </Badge>
            {memo.overdue && <Badge color="orange">Overdue</Badge>}
          </Group>
          <Text size="sm">
            {directionLabels[memo.direction]} · {memo.activeCount} of {memo.itemCount} still out
          </Text>
        </div>
        <Button
          component="a"
          href={`/api/v1/memos/${encodeURIComponent(memo.id)}/memo.pdf`}
          target="_blank"
          rel="noreferrer"
          variant="default"
          leftSection={<IconPrinter size={16} aria-hidden />}
        >
          Print memo
        </Button>
      </Group>
      <Paper p="md">
        <SimpleGrid cols={{ base: 2, md: 3 }} spacing="sm">
          {facts.map(([k, v]) => (
            <div key={k}>
              <Text size="xs" c="dimmed">
                {k}
              </Text>
              <Text size="sm">{v}</Text>
            </div>
          ))}
        </SimpleGrid>
        {memo.terms && (
          <Text size="sm" mt="md" style={{ whiteSpace: 'pre-wrap' }}>
            <b>Terms:</b> {memo.terms}
          </Text>
        )}
        {memo.notes && (
          <Text size="sm" mt="xs" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
            {memo.notes}
          </Text>
        )}
      </Paper>
      <Paper p={0}>
        <Table verticalSpacing="sm">
          <caption className="visually-hidden">The items on {memo.reference}</caption>
          <Table.Thead visibleFrom="sm">
            <Table.Tr>
              <Table.Th>Item</Table.Th>
              <Table.Th ta="right">Cost</Table.Th>
              <Table.Th ta="right">Retail</Table.Th>
              <Table.Th>Status</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {memo.items.map((i) => (
              <Table.Tr key={i.id} data-testid="memo-item">
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {i.position}. {i.label}
                  </Text>
                  {i.kind === 'stone' && i.description && (
                    <Text size="xs" c="dimmed">
                      {i.description}
                    </Text>
                  )}
                  {i.job && (
                    <Text size="xs">
                      In{' '}
                      <AnchorLink to="/$pipeline/$id" params={{ pipeline: i.job.staffPath.split('/')[1] ?? '', id: i.job.id }} size="xs">
                        {i.job.reference} {i.job.title}
                      </AnchorLink>
                    </Text>
                  )}
                  <Text size="xs" c="dimmed" hiddenFrom="sm">
                    {fmt.money(i.costCents)} cost · {fmt.money(i.retailCents)} retail
                    {i.soldCents !== null && ` · sold at ${fmt.money(i.soldCents)}`}
                  </Text>
                </Table.Td>
                <Table.Td ta="right" visibleFrom="sm">
                  <Text size="sm">{fmt.money(i.costCents)}</Text>
                </Table.Td>
                <Table.Td ta="right" visibleFrom="sm">
                  <Text size="sm">{fmt.money(i.retailCents)}</Text>
                  {i.soldCents !== null && (
                    <Text size="xs" c="dimmed">
                      sold at {fmt.money(i.soldCents)}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Stack gap={4} align="flex-start">
                    <Badge size="sm" variant="light" color={statusColours[i.status]} miw="max-content">
                      {statusLabels[i.status]}
                    </Badge>
                    {nextOutcomes(i).length > 0 && (
                      <Menu position="bottom-end">
                        <Menu.Target>
                          <Button
                            size="compact-xs"
                            variant="default"
                            miw="max-content"
                            rightSection={<IconChevronDown size={12} aria-hidden />}
                            aria-label={`Settle ${i.label}`}
                          >
                            Settle
                          </Button>
                        </Menu.Target>
                        <Menu.Dropdown>
                          {nextOutcomes(i).map((o) => (
                            <Menu.Item key={o.value} onClick={() => choose(i, o.value)}>
                              {o.label}
                            </Menu.Item>
                          ))}
                        </Menu.Dropdown>
                      </Menu>
                    )}
                  </Stack>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
      <SettleItemModal
        memo={memo}
        settling={settling}
        pending={settle.isPending}
        error={settle.error}
        onConfirm={(priceCents) => settling && once(() => settle.mutateAsync({ ...settling, priceCents }))}
        onClose={() => setSettling(null)}
      />
    </Stack>
  );
}
