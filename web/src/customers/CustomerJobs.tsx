import { Badge, Group, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { useShopFormat } from '../format/use-shop-format';
import { pipelineOfKind } from '../pipelines';
import { JobLink } from '../pipelines/JobLink';
import { type CustomerPayment, type JobSummary, paidTowards } from './customers-api';

/** Each job of every pipeline with its stage and what is owed on it, and the totals across them. */
export function CustomerJobs({ jobs, payments }: { jobs: readonly JobSummary[]; payments: readonly CustomerPayment[] }) {
  const fmt = useShopFormat();
  const rows = jobs.map((j) => {
    const paid = paidTowards(payments, j.id);
    // A cancelled job owes nothing, whatever its price was.
    const calledOff = pipelineOfKind(j.kind)?.isCalledOff(j.stage) ?? false;
    return { job: j, paid, owing: calledOff ? 0 : Math.max(0, j.priceCents - paid) };
  });
  const total = (k: 'paid' | 'owing') => rows.reduce((s, r) => s + r[k], 0);
  return (
    <Stack gap="sm" component="section" aria-labelledby="customer-jobs">
      <Group justify="space-between" wrap="wrap">
        <Text component="h2" id="customer-jobs" fw={700} size="lg">
          Jobs ({jobs.length})
        </Text>
        <Group gap="lg">
          <Text size="sm">
            Paid <b>{fmt.money(total('paid'))}</b>
          </Text>
          <Text size="sm" c={total('owing') > 0 ? 'red.9' : undefined}>
            Owing <b>{fmt.money(total('owing'))}</b>
          </Text>
        </Group>
      </Group>
      {jobs.length === 0 && <Text c="dimmed">No jobs yet.</Text>}
      <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Jobs">
        {rows.map(({ job, paid, owing }) => (
          <Paper key={job.id} withBorder p="sm" radius="md" component="li" aria-label={`${job.reference} ${job.title}`}>
            <Group justify="space-between" gap="xs" wrap="wrap">
              <Stack gap={2} miw={0} style={{ flex: '1 1 14rem' }}>
                <Group gap="xs">
                  <JobLink kind={job.kind} id={job.id}>
                    {job.reference}
                  </JobLink>
                  <Badge variant="light" size="sm">
                    {job.stageLabel}
                  </Badge>
                </Group>
                <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                  {job.title}
                </Text>
                {job.dueDate && (
                  <Text size="xs" c="dimmed">
                    Due {fmt.date(job.dueDate)}
                  </Text>
                )}
              </Stack>
              <SimpleGrid cols={3} spacing="md" style={{ textAlign: 'right' }}>
                <Money label="Price" value={fmt.money(job.priceCents)} />
                <Money label="Paid" value={fmt.money(paid)} />
                <Money label="Owing" value={fmt.money(owing)} strong={owing > 0} />
              </SimpleGrid>
            </Group>
          </Paper>
        ))}
      </Stack>
    </Stack>
  );
}

function Money({ label, value, strong = false }: { label: string; value: string; strong?: boolean }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={strong ? 700 : 500}>
        {value}
      </Text>
    </div>
  );
}
