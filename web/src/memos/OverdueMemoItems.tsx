import { Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useShopFormat } from '../format/use-shop-format';
import { AnchorLink } from '../layout/links';
import { directionLabels, overdueQuery } from './memos-api';

/** The hub's list of stones and pieces on memo or consignment kept past their due-back date. */
export function OverdueMemoItems() {
  const fmt = useShopFormat();
  const overdue = useQuery(overdueQuery);
  const items = overdue.data?.items ?? [];
  return (
    <Paper p="md" mb="lg" component="section" aria-labelledby="memo-overdue-title" data-testid="memo-overdue">
      <Group justify="space-between" mb={items.length ? 'xs' : 0}>
        <Group gap="xs">
          <Title order={2} size="h4" id="memo-overdue-title">
            Memo items overdue
          </Title>
          <Badge color={items.length > 0 ? 'orange' : 'gray.7'} variant="filled" aria-label={`${items.length} overdue`}>
            {items.length}
          </Badge>
        </Group>
        <AnchorLink to="/memos" size="sm">
          All memo records
        </AnchorLink>
      </Group>
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing on memo or consignment is past its due-back date.
        </Text>
      ) : (
        <Stack gap={6}>
          {items.slice(0, 8).map((i) => (
            <Group key={i.id} justify="space-between" wrap="nowrap" gap="xs">
              <div style={{ minWidth: 0 }}>
                <Text size="sm" fw={600} truncate>
                  {i.label}
                </Text>
                <Text size="xs" c="dimmed">
                  <AnchorLink to="/memos/$id" params={{ id: i.memo.id }} size="xs" underline="always">
                    {i.memo.reference}
                  </AnchorLink>{' '}
                  · {directionLabels[i.memo.direction]} · {i.memo.contactName}
                </Text>
              </div>
              <Text size="xs" c="var(--loupe-warning)" fw={700} style={{ whiteSpace: 'nowrap' }}>
                due {i.memo.dueBackOn ? fmt.date(i.memo.dueBackOn) : ''}
              </Text>
            </Group>
          ))}
          {items.length > 8 && (
            <AnchorLink to="/memos" size="sm">
              and {items.length - 8} more
            </AnchorLink>
          )}
        </Stack>
      )}
    </Paper>
  );
}
