import { Paper, Table, Title } from '@mantine/core';
import type { ShopFormat } from '../../format/shop-format';
import { type RepairDetail, wordFor } from './words';

/** The work asked for, a line each with its price, and the estimate they add up to. */
export function WorkLinesPanel({ job, fmt }: { job: RepairDetail; fmt: ShopFormat }) {
  const total = job.workLines.reduce((s, l) => s + l.priceCents, 0);
  return (
    <Paper p="md">
      <Title order={2} size="h4" mb="xs">
        Work requested
      </Title>
      <Table fz="sm" verticalSpacing={4}>
        <caption className="visually-hidden">Work lines and prices</caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Work</Table.Th>
            <Table.Th>Details</Table.Th>
            <Table.Th ta="right">Price</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {job.workLines.map((l, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: work lines have no id of their own and keep their order
            <Table.Tr key={i}>
              <Table.Td>{wordFor(l.kind)}</Table.Td>
              <Table.Td>{l.description ?? '—'}</Table.Td>
              <Table.Td ta="right">{fmt.money(l.priceCents)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr>
            <Table.Th colSpan={2}>Estimate</Table.Th>
            <Table.Th ta="right">{fmt.money(total)}</Table.Th>
          </Table.Tr>
        </Table.Tfoot>
      </Table>
    </Paper>
  );
}
