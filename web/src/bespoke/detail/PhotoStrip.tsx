import { Anchor, Group, Paper, Text, Title } from '@mantine/core';
import type { JobDetail } from '../../api/types';
import type { ShopFormat } from '../../format/shop-format';
import { allStages, stageLabel } from '../stages';
import classes from './PhotoStrip.module.css';

const label = (s: string) => {
  const stage = allStages.find((x) => x === s);
  return stage ? stageLabel(stage) : s;
};

/** The job's photos and PDFs, newest first, each with its stage and whether the customer sees it. */
export function PhotoStrip({ job, fmt }: { job: JobDetail; fmt: ShopFormat }) {
  if (job.attachments.length === 0) return null;
  const newestFirst = [...job.attachments].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return (
    <Paper p="md">
      <Title order={2} size="h4" mb="sm">
        Photos and files
      </Title>
      <Group gap="sm" align="flex-start" className={classes.strip}>
        {newestFirst.map((a) => (
          <figure key={a.id} className={classes.item}>
            <Anchor href={a.url} target="_blank" rel="noreferrer">
              <img src={a.thumbnailUrl} alt={a.caption ?? `${label(a.stage)} ${a.contentType === 'application/pdf' ? 'document' : 'photo'}`} loading="lazy" />
            </Anchor>
            <figcaption>
              <Text size="xs" fw={600} truncate="end">
                {a.caption ?? label(a.stage)}
              </Text>
              <Text size="xs" c="dimmed">
                {label(a.stage)} · {fmt.dateTime(a.createdAt)}
                {a.customerVisible ? ' · customer sees it' : ''}
              </Text>
            </figcaption>
          </figure>
        ))}
      </Group>
    </Paper>
  );
}
