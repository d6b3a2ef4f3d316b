import { Badge, Grid, Group, Paper, SimpleGrid, Skeleton, Text, Title, UnstyledButton } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { UnreadEnquiries } from '../enquiries/UnreadEnquiries';
import { addDays } from '../format/shop-format';
import { useShopFormat } from '../format/use-shop-format';
import { usePageTitle } from '../layout/page-title';
import { OverdueMemoItems } from '../memos/OverdueMemoItems';
import { mainPipeline as main, pipelineOfKind } from '../pipelines';
import { HubByKind, hubJobsQuery } from './HubByKind';
import { JobRows } from './JobRows';
import classes from './WorkshopPage.module.css';

/** The hub: what is on the bench, what is late, what is waiting on the shelf, what is due this week. */
export function WorkshopPage() {
  usePageTitle('Workshop');
  const fmt = useShopFormat();
  const navigate = useNavigate();
  const list = main.useJobs(false);
  const jobs = list.data ?? [];
  const today = fmt.today();
  const weekEnd = addDays(today, 6);
  const active = jobs.filter((j) => !main.isArchived(j.stage));
  // Late and due soon: every pipeline's jobs, not only the main line's.
  const everyKind = (useQuery(hubJobsQuery).data ?? []).filter((j) => {
    const p = pipelineOfKind(j.kind);
    return p !== undefined && !p.isArchived(j.stage);
  });
  const byDue = (a: { dueDate: string | null }, b: { dueDate: string | null }) => (a.dueDate ?? '').localeCompare(b.dueDate ?? '');
  const overdue = everyKind.filter((j) => pipelineOfKind(j.kind)?.isOverdue(j, today)).sort(byDue);
  const dueThisWeek = everyKind
    .filter((j) => j.dueDate !== null && j.dueDate >= today && j.dueDate <= weekEnd && j.stage !== pipelineOfKind(j.kind)?.ready)
    .sort(byDue);
  const onHold = active.filter((j) => j.stage === 'on_hold').length;

  return (
    <div>
      <Group justify="space-between" mb="md" align="baseline">
        <Title order={1} size="h2">
          Workshop
        </Title>
        <Text size="sm" c="dimmed">
          {active.length} active {main.words.title.toLowerCase()}
          {onHold ? `, ${onHold} on hold` : ''}
        </Text>
      </Group>
      {!list.isSuccess ? (
        <Skeleton h={400} aria-label="Loading the workshop" />
      ) : (
        <>
          <UnreadEnquiries />
          <OverdueMemoItems />
          <HubByKind fmt={fmt} />
          <section aria-labelledby="per-stage">
            <Title order={2} size="h4" id="per-stage" mb="xs">
              {main.words.title} per stage
            </Title>
            <SimpleGrid cols={{ base: 3, sm: 5, lg: 9 }} spacing="xs" mb="lg">
              {main.main
                .filter((s) => s !== 'collected')
                .map((s) => {
                  const n = active.filter((j) => j.stage === s).length;
                  return (
                    <UnstyledButton
                      key={s}
                      className={classes.stat}
                      onClick={() => void navigate({ to: '/$pipeline', params: { pipeline: main.base } })}
                      aria-label={`${main.labelOf(s)}: ${n} ${main.words.many}`}
                    >
                      <Text size="xs" className={classes.statLabel}>
                        {main.labelOf(s)}
                      </Text>
                      <Text fz={26} fw={700} lh={1.1}>
                        {n}
                      </Text>
                    </UnstyledButton>
                  );
                })}
            </SimpleGrid>
          </section>
          <Grid gap="md">
            <Grid.Col span={12}>
              <Paper p="md" h="100%" component="section" aria-labelledby="overdue" className={overdue.length ? classes.warn : undefined}>
                <Group justify="space-between" mb="xs">
                  <Title order={2} size="h4" id="overdue">
                    Overdue
                  </Title>
                  <Badge variant="filled" color={overdue.length ? 'var(--loupe-warning)' : 'gray.7'}>
                    {overdue.length}
                  </Badge>
                </Group>
                <JobRows
                  jobs={overdue}
                  caption="Jobs past their due date"
                  empty="Nothing is overdue."
                  aside={{ label: 'Was due', cell: (j) => <span className={classes.late}>{fmt.date(j.dueDate)}</span> }}
                />
              </Paper>
            </Grid.Col>
            <Grid.Col span={12}>
              <Paper p="md" component="section" aria-labelledby="due-week">
                <Group justify="space-between" mb="xs">
                  <Title order={2} size="h4" id="due-week">
                    Due this week
                  </Title>
                  <Text size="xs" c="dimmed">
                    {fmt.date(today)} – {fmt.date(weekEnd)}
                  </Text>
                </Group>
                <JobRows
                  jobs={dueThisWeek}
                  caption="Jobs due in the next seven days"
                  empty="Nothing else is due this week."
                  aside={{ label: 'Due', cell: (j) => fmt.date(j.dueDate) }}
                />
              </Paper>
            </Grid.Col>
          </Grid>
        </>
      )}
    </div>
  );
}
