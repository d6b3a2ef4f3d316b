import { List, Paper, Text, Title } from '@mantine/core';
import type { ShopFormat } from '../../format/shop-format';
import { type AppraisalDetail, appraisalWord, stoneLine } from './words';

/** What was valued and at how much: the heart of the report. */
export function ValuationPanel({ job, fmt }: { job: AppraisalDetail; fmt: ShopFormat }) {
  return (
    <Paper p="md">
      <Title order={2} size="h4" mb="xs">
        Valuation
      </Title>
      <Text size="sm">
        {appraisalWord(job.purpose)}: <b>{job.replacementValueCents === null ? 'not valued yet' : fmt.money(job.replacementValueCents)}</b>
        {job.valuer ? ` · ${job.valuer}` : ''}
        {job.valuationDate ? ` · ${fmt.date(job.valuationDate)}` : ''}
      </Text>
      <Title order={3} size="h5" mt="sm" mb={4}>
        Stones
      </Title>
      {job.stones.length === 0 ? (
        <Text size="sm" c="dimmed">
          None recorded.
        </Text>
      ) : (
        <List size="sm" aria-label="Stones">
          {job.stones.map((s, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: stones have no id of their own and keep their order
            <List.Item key={i}>{stoneLine(s)}</List.Item>
          ))}
        </List>
      )}
    </Paper>
  );
}
