import { Group, Pagination, Progress, Select, Table, Text, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowsSort, IconArrowUp } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import type { ShopFormat } from '../../format/shop-format';
import { AnchorLink } from '../../layout/links';
import { StageBadge } from '../StageBadge';
import type { BoardPipeline, PipelineJob } from '../types';
import classes from './JobTable.module.css';
import { type Sort, type SortKey, sortJobs } from './sort-jobs';

const PAGE = 50;

const columns = (quoted: string): { key: SortKey; label: string; numeric?: boolean }[] => [
  { key: 'reference', label: 'Ref.' },
  { key: 'title', label: 'Title' },
  { key: 'customer', label: 'Customer' },
  { key: 'stage', label: 'Stage' },
  { key: 'dueDate', label: 'Due' },
  { key: 'quotedCents', label: quoted, numeric: true },
  { key: 'depositCents', label: 'Deposit', numeric: true },
  { key: 'balanceOwingCents', label: 'Owing', numeric: true },
];

/** Every job as a row, sorted by any column, filtered to a stage: the counter's view when a customer asks. */
export function JobTable<S extends string, J extends PipelineJob<S>>({ p, jobs, fmt }: { p: BoardPipeline<S, J>; jobs: J[]; fmt: ShopFormat }) {
  const { vocab, words } = p;
  const [sort, setSort] = useState<Sort>({ key: 'reference', dir: 'desc' });
  const [stage, setStage] = useState<S | null>(null);
  const [page, setPage] = useState(1);
  const today = fmt.today();
  const rows = useMemo(() => sortJobs(stage ? jobs.filter((j) => j.stage === stage) : jobs, sort, vocab.all), [jobs, stage, sort, vocab]);
  const pages = Math.max(1, Math.ceil(rows.length / PAGE));
  const current = Math.min(page, pages);
  const shown = rows.slice((current - 1) * PAGE, current * PAGE);

  const toggle = (key: SortKey) => setSort((s) => (s.key === key ? { key, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: 'asc' }));

  return (
    <>
      <Group mb="sm" justify="space-between">
        <Select
          label="Stage"
          placeholder="All stages"
          clearable
          w={220}
          data={vocab.all.map((s) => ({ value: s, label: vocab.label(s) }))}
          value={stage}
          onChange={(v) => {
            setStage(vocab.parse(v) ?? null);
            setPage(1);
          }}
        />
        <Text size="sm" c="dimmed">
          {rows.length} {rows.length === 1 ? words.one : words.many}
        </Text>
      </Group>
      <Table.ScrollContainer minWidth={900}>
        <Table striped highlightOnHover verticalSpacing="xs" className={classes.table}>
          <caption className="visually-hidden">{words.title}</caption>
          <Table.Thead>
            <Table.Tr>
              {columns(words.quoted).map((c) => {
                const active = sort.key === c.key;
                const Icon = !active ? IconArrowsSort : sort.dir === 'asc' ? IconArrowUp : IconArrowDown;
                return (
                  <Table.Th key={c.key} aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'} ta={c.numeric ? 'right' : 'left'}>
                    <UnstyledButton onClick={() => toggle(c.key)} className={classes.sort}>
                      {c.label}
                      <Icon size={14} aria-hidden />
                    </UnstyledButton>
                  </Table.Th>
                );
              })}
              <Table.Th>Progress</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((j) => (
              <Table.Tr key={j.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <AnchorLink to="/$pipeline/$id" params={{ pipeline: p.base, id: j.id }} fw={700} size="sm">
                    {j.reference}
                  </AnchorLink>
                </Table.Td>
                <Table.Td className={classes.title}>
                  {j.title} {p.card.flags?.(j)}
                </Table.Td>
                <Table.Td>{j.customer.name}</Table.Td>
                <Table.Td>
                  <StageBadge vocab={vocab} stage={j.stage} />
                </Table.Td>
                <Table.Td className={vocab.isOverdue(j, today) ? classes.overdue : undefined} style={{ whiteSpace: 'nowrap' }}>
                  {fmt.date(j.dueDate)}
                  {vocab.isOverdue(j, today) && ' (overdue)'}
                </Table.Td>
                <Table.Td ta="right">{fmt.money(j.quotedCents)}</Table.Td>
                <Table.Td ta="right">{fmt.money(j.depositCents)}</Table.Td>
                <Table.Td ta="right">{fmt.money(j.balanceOwingCents)}</Table.Td>
                <Table.Td w={120}>
                  <Group gap={6} wrap="nowrap">
                    <Progress value={j.progress} size="sm" w={60} aria-label={`${j.reference} progress`} />
                    <Text size="xs">{j.progress}%</Text>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {rows.length === 0 && (
        <Text ta="center" py="xl" c="dimmed">
          No {words.many} match.
        </Text>
      )}
      {pages > 1 && (
        <Group justify="center" mt="md">
          <Pagination total={pages} value={current} onChange={setPage} aria-label={`Pages of ${words.many}`} />
        </Group>
      )}
    </>
  );
}
