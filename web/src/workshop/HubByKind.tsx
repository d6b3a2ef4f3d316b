import { Badge, Group, Paper, SimpleGrid, Switch, Table, Text, Title } from '@mantine/core';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import { UnreadMessages } from '../customer/UnreadMessages';
import type { ShopFormat } from '../format/shop-format';
import { hubKey } from '../pipeline/queries';
import { mainPipeline, pipelineOfKind, pipelines } from '../pipelines';
import { JobLink } from '../pipelines/JobLink';

/** Every pipeline's jobs together. */
export const hubJobsQuery = queryOptions({
  queryKey: hubKey,
  queryFn: async () => (await unwrap(api.GET('/api/v1/jobs'))).items,
  staleTime: 30_000,
});

/** The workshop page details the main line; the others get their stages here. */
const others = pipelines.filter((p) => p !== mainPipeline);

/** "Bespoke and repairs": the pipelines' names as a phrase. */
const kinds = pipelines
  .map((p, i) => (i === 0 ? p.words.nav : p.words.nav.toLowerCase()))
  .join(', ')
  .replace(/, ([^,]*)$/, ' and $1');

const HELD_DAYS = 7;
const dayMs = 86_400_000;

/** Every pipeline at once, from GET /api/v1/jobs: counts per kind, the others' stages, and the whole ready shelf. */
export function HubByKind({ fmt }: { fmt: ShopFormat }) {
  const list = useQuery(hubJobsQuery);
  const [heldOnly, setHeldOnly] = useState(false);
  if (!list.isSuccess) return null;
  const active = list.data.filter((j) => !pipelineOfKind(j.kind)?.isArchived(j.stage));
  const ofKind = (kind: string) => active.filter((j) => j.kind === kind);
  const now = Date.now();
  const shelf = active
    .filter((j) => j.stage === pipelineOfKind(j.kind)?.ready)
    .filter((j) => !heldOnly || now - new Date(j.stageChangedAt).getTime() > HELD_DAYS * dayMs)
    .sort((a, b) => a.stageChangedAt.localeCompare(b.stageChangedAt));
  return (
    <>
      <UnreadMessages fmt={fmt} />
      <Paper p="md" mb="lg" component="section" aria-labelledby="both-kinds">
        <Group justify="space-between" mb="xs">
          <Title order={2} size="h4" id="both-kinds">
            {kinds}
          </Title>
          <Text size="sm" c="dimmed" data-testid="hub-kind-counts">
            {pipelines.map((p) => `${ofKind(p.kind).length} ${p.words.count(ofKind(p.kind).length)}`).join(' · ')} active
          </Text>
        </Group>
        {others.map((p) => (
          <div key={p.base}>
            <Text size="xs" fw={600} mb={4}>
              {p.words.title} per stage
            </Text>
            <SimpleGrid cols={{ base: 3, sm: 6 }} spacing="xs" mb="md">
              {p.main
                .filter((s) => !p.isArchived(s))
                .map((s) => {
                  const n = ofKind(p.kind).filter((j) => j.stage === s).length;
                  return (
                    <Link
                      key={s}
                      to="/$pipeline"
                      params={{ pipeline: p.base }}
                      aria-label={`${p.words.title} ${p.labelOf(s)}: ${n}`}
                      style={{ textDecoration: 'none', color: 'inherit' }}
                    >
                      <Paper withBorder p={6}>
                        <Text size="xs">{p.labelOf(s)}</Text>
                        <Text fz={22} fw={700} lh={1.1}>
                          {n}
                        </Text>
                      </Paper>
                    </Link>
                  );
                })}
            </SimpleGrid>
          </div>
        ))}
        <Group justify="space-between" mb={4}>
          <Text size="xs" fw={600}>
            On the ready shelf, every kind{' '}
            <Badge size="sm" variant="light" color="lime">
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
          <Table.ScrollContainer minWidth={420} type="native">
            <Table fz="sm" verticalSpacing={4}>
              <caption className="visually-hidden">Ready for collection, {kinds.toLowerCase()}, longest waiting first</caption>
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
                    <Table.Td>{pipelineOfKind(j.kind)?.words.kind ?? j.kind}</Table.Td>
                    <Table.Td>{j.customer.name}</Table.Td>
                    <Table.Td ta="right">{fmt.since(j.stageChangedAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
    </>
  );
}
