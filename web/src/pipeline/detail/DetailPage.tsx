import { Alert, Anchor, Grid, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconArrowLeft, IconPencil } from '@tabler/icons-react';
import { useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { JobPhotos } from '../../attachments/JobPhotos';
import { AppointmentsPanel } from '../../calendar/AppointmentsPanel';
import { MessageThread } from '../../customer/MessageThread';
import { PrintButtons } from '../../customer/PrintButtons';
import { useShopFormat } from '../../format/use-shop-format';
import { AnchorLink, ButtonLink } from '../../layout/links';
import { usePageTitle } from '../../layout/page-title';
import { JobMemoPanel } from '../../memos/JobMemoPanel';
import { DeliveryLog } from '../../notifications/DeliveryLog';
import { PassportPanel } from '../../passports/PassportPanel';
import { detailQuery, pipelineKeys } from '../queries';
import { StageBadge } from '../StageBadge';
import type { DetailPipeline, PipelineDetail, PipelineJob } from '../types';
import { CommentStream } from './CommentStream';
import { FinancialPanel } from './FinancialPanel';
import { HistoryTimeline } from './HistoryTimeline';
import { StageMoveForm } from './StageMoveForm';
import { StageStepper } from './StageStepper';

interface Props<S extends string, J extends PipelineJob<S>, D extends J & PipelineDetail<S>> {
  p: DetailPipeline<S, J, D>;
  id: string;
}

/** A job's page in any pipeline: where it is and has been, its facts and the pipeline's own panels, money, photos, messages. */
export function DetailPage<S extends string, J extends PipelineJob<S>, D extends J & PipelineDetail<S>>({ p, id }: Props<S, J, D>) {
  const fmt = useShopFormat();
  const queryClient = useQueryClient();
  const { data: job } = useSuspenseQuery(detailQuery(p, id));
  usePageTitle(`${job.reference} ${job.title}`);
  const { vocab, words, detail } = p;
  const keys = pipelineKeys(p.kind);
  const overdue = vocab.isOverdue(job, fmt.today());
  const facts = detail.facts(job, fmt);
  const aside = vocab.side.includes(job.stage);
  const refresh = () => Promise.all([queryClient.invalidateQueries({ queryKey: keys.one(id) }), queryClient.invalidateQueries({ queryKey: keys.lists })]);
  return (
    <Stack gap="md">
      <AnchorLink to="/$pipeline" params={{ pipeline: p.base }} size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} aria-hidden /> All {words.title.toLowerCase()}
        </Group>
      </AnchorLink>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div style={{ minWidth: 0, overflowWrap: 'break-word' }}>
          <Group gap="sm" align="center">
            <Text fw={700} c="grape.9">
              {job.reference}
            </Text>
            <StageBadge vocab={vocab} stage={job.stage} variant="filled" />
            {p.card.flags?.(job)}
            <Text size="sm" fw={600}>
              {job.progress}%
            </Text>
          </Group>
          <Title order={1} size="h2">
            {job.title}
          </Title>
          <Text size="sm">
            for{' '}
            <AnchorLink to="/customers/$id" params={{ id: job.customer.id }} fw={700} size="sm">
              {job.customer.name}
            </AnchorLink>
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
        <ButtonLink
          to="/$pipeline/$id/edit"
          params={{ pipeline: p.base, id }}
          variant="default"
          leftSection={<IconPencil size={16} aria-hidden />}
          style={{ flexShrink: 0 }}
        >
          Edit
        </ButtonLink>
      </Group>
      {aside && (
        <Alert color={job.stage === vocab.hold ? 'orange' : 'red'} title={`This ${words.one} is ${vocab.label(job.stage).toLowerCase()}`}>
          {job.stage === vocab.hold && job.heldFromStage ? `It was in ${vocab.label(job.heldFromStage)}. ` : ''}Move it to a stage to carry on.
        </Alert>
      )}
      <Paper p="md">
        <StageStepper vocab={vocab} job={job} />
      </Paper>
      <Grid gap="md">
        {/* First in the page's order: on a phone the move and the money come before the details, photos and history. */}
        <Grid.Col span={{ base: 12, md: 5, lg: 4 }} order={{ base: 1, md: 2 }} data-testid="job-actions">
          <Stack gap="md">
            <StageMoveForm p={p} job={job} readyOutlook={job.readyOutlook} />
            <FinancialPanel p={p} job={job} fmt={fmt} cancelled={p.vocab.isCalledOff(job.stage)} />
            <Paper p="md">
              <Title order={2} size="h4" mb="sm">
                Print
              </Title>
              <PrintButtons kind={p.base} jobId={job.id} />
            </Paper>
            <AppointmentsPanel about={{ customer: job.customer, job: { id: job.id, reference: job.reference, title: job.title } }} />
            <JobMemoPanel api={p.api} base={p.base} jobId={job.id} />
            <PassportPanel jobId={job.id} stage={job.stage} />
            <MessageThread source={{ jobKey: keys.one(job.id), ...p.api.thread(job.id) }} customerName={job.customer.name} fmt={fmt} />
            {detail.Side && <detail.Side job={job} fmt={fmt} />}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7, lg: 8 }} order={{ base: 2, md: 1 }}>
          <Stack gap="md">
            <Paper p="md">
              <SimpleGrid cols={{ base: 2, lg: facts.length > 4 ? 3 : 4 }} spacing="sm">
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
              {detail.notes?.(job)}
              {job.notes && (
                <Alert color="gray" mt="md" title="Internal notes" p="xs">
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                    {job.notes}
                  </Text>
                </Alert>
              )}
              <Text size="xs" mt="md" style={{ overflowWrap: 'anywhere' }}>
                Customer tracking link:{' '}
                <Anchor href={job.tracking.url} size="xs" target="_blank" rel="noreferrer">
                  {job.tracking.url}
                </Anchor>
              </Text>
            </Paper>
            {detail.Main && <detail.Main job={job} fmt={fmt} />}
            <JobPhotos
              kind={p.base}
              jobId={job.id}
              reference={job.reference}
              attachments={job.attachments}
              stages={vocab.all.map((s) => ({ value: s, label: vocab.label(s) }))}
              currentStage={job.stage}
              fmt={fmt}
              onChanged={refresh}
            />
            {/* The ready message is re-sent only while the piece is ready: after an undo or once collected it would not be true. */}
            <DeliveryLog
              resend={job.stage === vocab.ready ? (key) => p.api.resend(job.id, key) : undefined}
              deliveries={job.notifications}
              customer={job.customer}
              fmt={fmt}
              onChanged={refresh}
            />
            <HistoryTimeline vocab={vocab} entries={job.stages} fmt={fmt} />
            <CommentStream p={p} job={job} fmt={fmt} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
