import { Badge, Group, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { type BalanceStanding, balanceStanding } from '../../../src/domain/money';
import { useShopFormat } from '../format/use-shop-format';
import { pipelineOfKind } from '../pipelines';
import { JobLink } from '../pipelines/JobLink';
import { type CustomerPayment, type JobSummary, paidTowards } from './customers-api';

/** Each job of every pipeline with its stage and what is owed on it, and the totals across them. */
export function CustomerJobs({ jobs, payments }: { jobs: readonly JobSummary[]; payments: readonly CustomerPayment[] }) {
  const fmt = useShopFormat();
  const rows = jobs.map((j) => {
    const paid = paidTowards(payments, j.id);
    // A cancelled job owes nothing, whatever its price was; what was paid on it is held for the customer.
    const calledOff = pipelineOfKind(j.kind)?.isCalledOff(j.stage) ?? false;
    const standing = balanceStanding({ balanceOwingCents: j.priceCents - paid, paidCents: paid }, calledOff);
    return { job: j, paid, standing };
  });
  const paidTotal = rows.reduce((s, r) => s + r.paid, 0);
  const totalOf = (kind: BalanceStanding['kind']) => rows.reduce((s, r) => s + (r.standing.kind === kind ? r.standing.cents : 0), 0);
  const owing = totalOf('owing');
  const owedBack = totalOf('credit');
  const held = totalOf('cancelled');
  return (
    <Stack gap="sm" component="section" aria-labelledby="customer-jobs">
      <Group justify="space-between" wrap="wrap">
        <Text component="h2" id="customer-jobs" fw={700} size="lg">
          Jobs ({jobs.length})
        </Text>
        <Group gap="lg">
          <Text size="sm">
            Paid <b>{fmt.money(paidTotal)}</b>
          </Text>
          <Text size="sm" c={owing > 0 ? 'red.9' : undefined}>
            Owing <b>{fmt.money(owing)}</b>
          </Text>
          {owedBack > 0 && (
            <Text size="sm">
              Owed back <b>{fmt.money(owedBack)}</b>
            </Text>
          )}
          {held > 0 && (
            <Text size="sm">
              Held on cancelled jobs <b>{fmt.money(held)}</b>
            </Text>
          )}
        </Group>
      </Group>
      {jobs.length === 0 && <Text c="dimmed">No jobs yet.</Text>}
      <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Jobs">
        {rows.map(({ job, paid, standing }) => (
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
                <Money label={standingLabel[standing.kind]} value={fmt.money(standing.cents)} strong={standing.kind === 'owing'} />
              </SimpleGrid>
            </Group>
          </Paper>
        ))}
      </Stack>
    </Stack>
  );
}

/** The third figure of a job's row, in the fewest words: what is owed, owed back, or held. */
const standingLabel: Record<BalanceStanding['kind'], string> = { owing: 'Owing', settled: 'Owing', credit: 'Owed back', cancelled: 'Held' };

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
