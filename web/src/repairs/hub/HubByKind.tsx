import { Badge, Group, Paper, SimpleGrid, Switch, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { UnreadMessages } from '../../customer/UnreadMessages';
import type { ShopFormat } from '../../format/shop-format';
import { JobLink } from '../../layout/links';
import { hubJobsQuery } from '../api';
import { repairs } from '../stages';

const HELD_DAYS = 7;
const dayMs = 86_400_000;

/** Both pipelines at once, from GET /api/v1/jobs: counts per kind, repairs per stage, and the whole ready shelf. */
export function HubByKind({ fmt }: { fmt: ShopFormat }) {
  const list = useQuery(hubJobsQuery);
  const [heldOnly, setHeldOnly] = useState(false);
  if (!list.isSuccess) return null;
  const active = list.data.filter((j) => j.stage !== 'collected' && j.stage !== 'cancelled');
  const bespoke = active.filter((j) => j.kind === 'bespoke');
  const repairJobs = active.filter((j) => j.kind === 'repair');
  const now = Date.now();
  const shelf = active
    .filter((j) => j.stage === 'ready')
    .filter((j) => !heldOnly || now - new Date(j.stageChangedAt).getTime() > HELD_DAYS * dayMs)
    .sort((a, b) => a.stageChangedAt.localeCompare(b.stageChangedAt));
  return (
    <>
      <UnreadMessages fmt={fmt} />
      <Paper p="md" mb="lg" component="section" aria-labelledby="both-kinds">
        <Group justify="space-between" mb="xs">
          <Title order={2} size="h4" id="both-kinds">
            Bespoke and repairs
          </Title>
          <Text size="sm" c="dimmed" data-testid="hub-kind-counts">
            {bespoke.length} bespoke · {repairJobs.length} {repairJobs.length === 1 ? 'repair' : 'repairs'} active
          </Text>
        </Group>
        <Text size="xs" fw={600} mb={4}>
          Repairs per stage
        </Text>
        <SimpleGrid cols={{ base: 3, sm: 6 }} spacing="xs" mb="md">
          {repairs.main
            .filter((s) => s !== 'collected')
            .map((s) => {
              const n = repairJobs.filter((j) => j.stage === s).length;
              return (
                <Link key={s} to="/repairs" aria-label={`Repairs ${repairs.label(s)}: ${n}`} style={{ textDecoration: 'none', color: 'inherit' }}>
                  <Paper withBorder p={6}>
                    <Text size="xs">{repairs.label(s)}</Text>
                    <Text fz={22} fw={700} lh={1.1}>
                      {n}
                    </Text>
                  </Paper>
                </Link>
              );
            })}
        </SimpleGrid>
        <Group justify="space-between" mb={4}>
          <Text size="xs" fw={600}>
            On the ready shelf, both kinds{' '}
            <Badge size="sm" variant="light" color="lime" c="dark.8">
              {shelf.length}
            </Badge>
          </Text>
          <Switch size="xs" label={`Held over ${HELD_DAYS} days`} checked={heldOnly} onChange={(e) => setHeldOnly(e.currentTarget.checked)} />
        </Group>
        {shelf.length === 0 ? (
          <Text size="sm" c="dimmed">
            {heldOnly ? `Nothing has waited more than ${HELD_DAYS} days.` : 'Nothing waiting on the shelf.'}
          </Text>
        ) : (
          <Table fz="sm" verticalSpacing={4}>
            <caption className="visually-hidden">Ready for collection, bespoke and repairs, longest waiting first</caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Job</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th>Customer</Table.Th>
                <Table.Th ta="right">Waiting</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shelf.map((j) => (
                <Table.Tr key={`${j.kind}-${j.id}`}>
                  <Table.Td>
                    <JobLink kind={j.kind} id={j.id}>
                      {j.reference}
                    </JobLink>{' '}
                    {j.title}
                  </Table.Td>
                  <Table.Td>{j.kind === 'repair' ? 'Repair' : 'Bespoke'}</Table.Td>
                  <Table.Td>{j.customer.name}</Table.Td>
                  <Table.Td ta="right">{fmt.since(j.stageChangedAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
    </>
  );
}
