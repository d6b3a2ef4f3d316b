import { Paper, Table, Text } from '@mantine/core';
import type { ShopFormat } from '../../format/shop-format';
import type { PipelineVocab } from '../vocab';
import classes from './PipelineSummary.module.css';

/** What the summary reads of a job: its stage and its money, the same fields in every pipeline. */
export interface SummaryJob<S extends string> {
  stage: S;
  quotedCents: number | null;
  finalCents: number | null;
  depositCents: number;
  balanceOwingCents: number;
}

interface Row<S extends string> {
  stage: S;
  count: number;
  value: number;
  deposits: number;
  owing: number;
}

interface Props<S extends string> {
  jobs: readonly SummaryJob<S>[];
  /** The pipeline's stages, in its own words. */
  stages: Pick<PipelineVocab<S>, 'all' | 'label' | 'isArchived'>;
  fmt: ShopFormat;
  archived: boolean;
  /** What the jobs are called, in the plural: "Jobs", "Repairs". */
  noun: string;
}

/** Counts and value per stage, for any pipeline: where the money and the work sit. */
export function PipelineSummary<S extends string>({ jobs, stages, fmt, archived, noun }: Props<S>) {
  const rows: Row<S>[] = stages.all
    .filter((s) => archived || !stages.isArchived(s))
    .map((stage) => {
      const here = jobs.filter((j) => j.stage === stage);
      return {
        stage,
        count: here.length,
        value: here.reduce((n, j) => n + (j.finalCents ?? j.quotedCents ?? 0), 0),
        deposits: here.reduce((n, j) => n + j.depositCents, 0),
        owing: here.reduce((n, j) => n + Math.max(0, j.balanceOwingCents), 0),
      };
    });
  const maxValue = Math.max(1, ...rows.map((r) => r.value));
  const total = rows.reduce((t, r) => ({ count: t.count + r.count, value: t.value + r.value, deposits: t.deposits + r.deposits, owing: t.owing + r.owing }), {
    count: 0,
    value: 0,
    deposits: 0,
    owing: 0,
  });
  return (
    <Paper p="md">
      {/* On a phone the table scrolls in its own box, not the page. */}
      <Table.ScrollContainer minWidth={560} type="native">
        <Table verticalSpacing="sm" className={classes.table}>
          <Table.Caption>Value is the final price where set, else the quote.</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Stage</Table.Th>
              <Table.Th ta="right">{noun}</Table.Th>
              <Table.Th ta="right">Value</Table.Th>
              <Table.Th className={classes.barCell}>
                <span className="visually-hidden">Share of value</span>
              </Table.Th>
              <Table.Th ta="right">Deposits held</Table.Th>
              <Table.Th ta="right">Balance owing</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.stage} className={r.count === 0 ? classes.empty : undefined}>
                <Table.Td fw={600}>{stages.label(r.stage)}</Table.Td>
                <Table.Td ta="right">{r.count}</Table.Td>
                <Table.Td ta="right">{fmt.money(r.value)}</Table.Td>
                <Table.Td className={classes.barCell}>
                  {r.value > 0 && <div className={classes.bar} style={{ width: `${(r.value / maxValue) * 100}%` }} />}
                </Table.Td>
                <Table.Td ta="right">{fmt.money(r.deposits)}</Table.Td>
                <Table.Td ta="right">{fmt.money(r.owing)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
          <Table.Tfoot>
            <Table.Tr>
              <Table.Th>Total</Table.Th>
              <Table.Th ta="right">{total.count}</Table.Th>
              <Table.Th ta="right">{fmt.money(total.value)}</Table.Th>
              <Table.Th />
              <Table.Th ta="right">{fmt.money(total.deposits)}</Table.Th>
              <Table.Th ta="right">{fmt.money(total.owing)}</Table.Th>
            </Table.Tr>
          </Table.Tfoot>
        </Table>
      </Table.ScrollContainer>
      {jobs.length === 0 && (
        <Text ta="center" c="dimmed" py="md">
          No {noun.toLowerCase()} match.
        </Text>
      )}
    </Paper>
  );
}
