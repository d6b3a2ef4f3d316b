import { Badge, Table, Text } from '@mantine/core';
import type { ShopFormat } from '../format/shop-format';
import { AnchorLink } from '../layout/links';
import type { Repair } from './api';
import { RepairStageBadge } from './RepairStageBadge';
import { repairs, wordFor } from './stages';

/** Every repair as a row: the counter's view when a customer asks "is my ring done?". */
export function RepairTable({ jobs, fmt }: { jobs: Repair[]; fmt: ShopFormat }) {
  const today = fmt.today();
  if (jobs.length === 0) {
    return (
      <Text c="dimmed" py="lg">
        No repairs yet. Book one in at the counter from Intake, or with New repair.
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table highlightOnHover verticalSpacing="xs" fz="sm">
        <caption className="visually-hidden">Repairs</caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Reference</Table.Th>
            <Table.Th>Repair</Table.Th>
            <Table.Th>Customer</Table.Th>
            <Table.Th>Stage</Table.Th>
            <Table.Th>Due</Table.Th>
            <Table.Th ta="right">Estimate</Table.Th>
            <Table.Th ta="right">Owing</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {[...jobs]
            .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
            .map((j) => (
              <Table.Tr key={j.id}>
                <Table.Td>
                  <AnchorLink to="/repairs/$id" params={{ id: j.id }} fw={700} size="sm">
                    {j.reference}
                  </AnchorLink>
                </Table.Td>
                <Table.Td>
                  {j.title}{' '}
                  <Text span size="xs" c="dimmed">
                    {wordFor(j.itemType)}
                  </Text>
                  {j.rush && (
                    <Badge size="xs" color="red" ml={6}>
                      Rush
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>{j.customer.name}</Table.Td>
                <Table.Td>
                  <RepairStageBadge stage={j.stage} size="sm" />
                </Table.Td>
                <Table.Td c={repairs.isOverdue(j, today) ? 'var(--loupe-warning)' : undefined} fw={repairs.isOverdue(j, today) ? 700 : undefined}>
                  {fmt.date(j.dueDate)}
                </Table.Td>
                <Table.Td ta="right">{fmt.money(j.quotedCents)}</Table.Td>
                <Table.Td ta="right">{fmt.money(j.balanceOwingCents)}</Table.Td>
              </Table.Tr>
            ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
