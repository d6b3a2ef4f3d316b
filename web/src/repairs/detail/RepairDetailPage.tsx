import { Alert, Anchor, Badge, Grid, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconArrowLeft, IconPencil } from '@tabler/icons-react';
import { useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { JobPhotos } from '../../attachments/JobPhotos';
import { MessageThread } from '../../customer/MessageThread';
import { PrintButtons } from '../../customer/PrintButtons';
import { useShopFormat } from '../../format/use-shop-format';
import { AnchorLink, ButtonLink } from '../../layout/links';
import { DeliveryLog } from '../../notifications/DeliveryLog';
import { repairKeys, repairQuery, repairThread } from '../api';
import { RepairStageBadge } from '../RepairStageBadge';
import { repairs, wordFor } from '../stages';
import { RepairComments } from './RepairComments';
import { RepairHistory } from './RepairHistory';
import { RepairMoney } from './RepairMoney';
import { RepairMoveForm } from './RepairMoveForm';
import { RepairStepper } from './RepairStepper';
import { WorkLinesPanel } from './WorkLinesPanel';

const photoStages = repairs.all.map((s) => ({ value: s, label: repairs.label(s) }));

export function RepairDetailPage() {
  const { id } = useParams({ from: '/staff/repairs/$id' });
  const fmt = useShopFormat();
  const queryClient = useQueryClient();
  const { data: job } = useSuspenseQuery(repairQuery(id));
  const overdue = repairs.isOverdue(job, fmt.today());
  const facts: [string, string | null][] = [
    ['Item', wordFor(job.itemType)],
    ['Declared value', job.declaredValueCents === null ? null : fmt.money(job.declaredValueCents)],
    ['Booked in', fmt.dateTime(job.createdAt)],
    ['In this stage since', fmt.dateTime(job.stageChangedAt)],
  ];
  const refresh = () =>
    Promise.all([queryClient.invalidateQueries({ queryKey: repairKeys.one(id) }), queryClient.invalidateQueries({ queryKey: repairKeys.lists })]);
  return (
    <Stack gap="md">
      <AnchorLink to="/repairs" size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} aria-hidden /> All repairs
        </Group>
      </AnchorLink>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div>
          <Group gap="sm" align="center">
            <Text fw={700} c="grape.9">
              {job.reference}
            </Text>
            <RepairStageBadge stage={job.stage} variant="filled" />
            {job.rush && (
              <Badge color="red" variant="filled">
                Rush
              </Badge>
            )}
            <Text size="sm" fw={600}>
              {job.progress}%
            </Text>
          </Group>
          <Title order={1} size="h2">
            {job.title}
          </Title>
          <Text size="sm">
            for <b>{job.customer.name}</b>
            {job.dueDate && (
              <>
                {' · '}
                <Text span size="sm" c={overdue ? 'var(--loupe-warning)' : undefined} fw={overdue ? 700 : undefined}>
                  {overdue && <IconAlertTriangle size={14} aria-hidden style={{ verticalAlign: -2 }} />} due {fmt.date(job.dueDate)}
                  {overdue ? ' (overdue)' : ''}
                </Text>
              </>
            )}
          </Text>
        </div>
        <ButtonLink to="/repairs/$id/edit" params={{ id }} variant="default" leftSection={<IconPencil size={16} aria-hidden />}>
          Edit
        </ButtonLink>
      </Group>
      {(job.stage === 'on_hold' || job.stage === 'cancelled') && (
        <Alert color={job.stage === 'cancelled' ? 'red' : 'orange'} title={job.stage === 'cancelled' ? 'This repair is cancelled' : 'This repair is on hold'}>
          {job.stage === 'on_hold' && job.heldFromStage ? `It was in ${repairs.label(job.heldFromStage)}. ` : ''}Move it to a stage to carry on.
        </Alert>
      )}
      <Paper p="md">
        <RepairStepper job={job} />
      </Paper>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7, lg: 8 }}>
          <Stack gap="md">
            <Paper p="md">
              <SimpleGrid cols={{ base: 2, lg: 4 }} spacing="sm">
                {facts.map(([k, v]) => (
                  <div key={k}>
                    <Text size="xs" c="dimmed">
                      {k}
                    </Text>
                    <Text size="sm">{v ?? '—'}</Text>
                  </div>
                ))}
              </SimpleGrid>
              {job.description && (
                <Text size="sm" mt="md" style={{ whiteSpace: 'pre-wrap' }}>
                  {job.description}
                </Text>
              )}
              {job.conditionNotes && (
                <Alert color="yellow" mt="md" title="Condition at intake" p="xs" styles={{ title: { color: 'var(--mantine-color-dark-8)' } }}>
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                    {job.conditionNotes}
                  </Text>
                </Alert>
              )}
              {job.notes && (
                <Alert color="gray" mt="md" title="Internal notes" p="xs">
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                    {job.notes}
                  </Text>
                </Alert>
              )}
              <Text size="xs" mt="md">
                Customer tracking link:{' '}
                <Anchor href={job.tracking.url} size="xs" target="_blank" rel="noreferrer">
                  {job.tracking.url}
                </Anchor>
              </Text>
            </Paper>
            <WorkLinesPanel job={job} fmt={fmt} />
            <JobPhotos
              kind="repairs"
              jobId={job.id}
              reference={job.reference}
              attachments={job.attachments}
              stages={photoStages}
              currentStage={job.stage}
              fmt={fmt}
              onChanged={refresh}
            />
            <DeliveryLog resend={{ jobId: job.id, kind: 'repair' }} deliveries={job.notifications} customer={job.customer} fmt={fmt} onChanged={refresh} />
            <RepairHistory entries={job.stages} fmt={fmt} />
            <RepairComments job={job} fmt={fmt} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5, lg: 4 }}>
          <Stack gap="md">
            <RepairMoveForm job={job} />
            <RepairMoney job={job} fmt={fmt} />
            <Paper p="md">
              <Title order={2} size="h4" mb="sm">
                Print
              </Title>
              <PrintButtons kind="repairs" jobId={job.id} />
            </Paper>
            <MessageThread source={{ jobKey: repairKeys.one(job.id), ...repairThread(job.id) }} customerName={job.customer.name} fmt={fmt} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
