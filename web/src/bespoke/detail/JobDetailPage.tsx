import { Alert, Anchor, Grid, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconArrowLeft, IconPencil } from '@tabler/icons-react';
import { useSuspenseQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { jobQuery } from '../../api/queries';
import { BespokePhotos } from '../../attachments/BespokePhotos';
import { BespokeCustomerPanel } from '../../customer/BespokeCustomerPanel';
import { useShopFormat } from '../../format/use-shop-format';
import { AnchorLink, ButtonLink } from '../../layout/links';
import { BespokeDelivery } from '../../notifications/BespokeDelivery';
import { StageBadge } from '../StageBadge';
import { isOverdue, stageLabel } from '../stages';
import { BespokeComments } from './CommentStream';
import { FinancialPanel } from './FinancialPanel';
import { HistoryTimeline } from './HistoryTimeline';
import { StageMoveForm } from './StageMoveForm';
import { StageStepper } from './StageStepper';

export function JobDetailPage() {
  const { id } = useParams({ from: '/staff/bespoke/$id' });
  const fmt = useShopFormat();
  const { data: job } = useSuspenseQuery(jobQuery(id));
  const overdue = isOverdue(job, fmt.today());
  const facts: [string, string | null][] = [
    ['Type', job.jewelleryType],
    ['Metal', job.metal],
    ['Stones', job.stones],
    ['Budget', job.budgetCents === null ? null : fmt.money(job.budgetCents)],
    ['Taken in', fmt.dateTime(job.createdAt)],
    ['In this stage since', fmt.dateTime(job.stageChangedAt)],
  ];
  return (
    <Stack gap="md">
      <AnchorLink to="/bespoke" size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} aria-hidden /> All bespoke jobs
        </Group>
      </AnchorLink>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div>
          <Group gap="sm" align="center">
            <Text fw={700} c="grape.9">
              {job.reference}
            </Text>
            <StageBadge stage={job.stage} variant="filled" />
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
        <ButtonLink to="/bespoke/$id/edit" params={{ id }} variant="default" leftSection={<IconPencil size={16} aria-hidden />}>
          Edit
        </ButtonLink>
      </Group>
      {(job.stage === 'on_hold' || job.stage === 'cancelled') && (
        <Alert color={job.stage === 'cancelled' ? 'red' : 'orange'} title={job.stage === 'cancelled' ? 'This job is cancelled' : 'This job is on hold'}>
          {job.stage === 'on_hold' && job.heldFromStage ? `It was in ${stageLabel(job.heldFromStage)}. ` : ''}Move it to a stage to carry on.
        </Alert>
      )}
      <Paper p="md">
        <StageStepper job={job} />
      </Paper>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7, lg: 8 }}>
          <Stack gap="md">
            <Paper p="md">
              <SimpleGrid cols={{ base: 2, lg: 3 }} spacing="sm">
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
            <BespokePhotos job={job} fmt={fmt} />
            <BespokeDelivery job={job} fmt={fmt} />
            <HistoryTimeline entries={job.stages} fmt={fmt} />
            <BespokeComments job={job} fmt={fmt} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5, lg: 4 }}>
          <Stack gap="md">
            <StageMoveForm job={job} />
            <FinancialPanel job={job} fmt={fmt} />
            <BespokeCustomerPanel job={job} fmt={fmt} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
