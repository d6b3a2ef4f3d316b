import { Alert, Group, Skeleton, Switch, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { useShopFormat } from '../../format/use-shop-format';
import { ButtonLink } from '../../layout/links';
import { listQuery } from '../queries';
import type { BoardPipeline, PipelineJob } from '../types';
import classes from './BoardPage.module.css';
import { BoardViewSwitch } from './BoardViewSwitch';
import { matchJobs } from './board-search';
import { useFirstScreen } from './first-screen';
import { JobTable } from './JobTable';
import { KanbanBoard } from './KanbanBoard';
import { PipelineSummary } from './PipelineSummary';
import { useBoardPainted } from './use-board-painted';
import { useBoardView } from './use-board-view';

interface Props<S extends string, J extends PipelineJob<S>> {
  p: BoardPipeline<S, J>;
}

/** A pipeline's board: its jobs as a kanban, a list or a summary per stage, searched and with or without the archived. */
export function BoardPage<S extends string, J extends PipelineJob<S>>({ p }: Props<S, J>) {
  const fmt = useShopFormat();
  const navigate = useNavigate({ from: '/$pipeline' });
  const { q, archived = false } = useSearch({ from: '/staff/$pipeline' });
  const [view, setView] = useBoardView(p.base);
  const [text, setText] = useState(q ?? '');
  const pushQuery = useDebouncedCallback((value: string) => void navigate({ search: (s) => ({ ...s, q: value.trim() || undefined }), replace: true }), 200);

  const list = useQuery(listQuery(p, archived));
  const jobs = useMemo(() => {
    const all = list.data ?? [];
    // An optimistic move to collected or cancelled leaves the card in the active list until the refetch.
    const visible = archived ? all : all.filter((j) => !p.vocab.isArchived(j.stage));
    return matchJobs(visible, q);
  }, [list.data, archived, q, p.vocab]);
  useBoardPainted(view === 'kanban' && list.isSuccess, jobs.length);
  const count = useFirstScreen()?.total ?? jobs.length;
  const { words } = p;

  return (
    <div className={view === 'kanban' ? classes.fill : undefined}>
      <Group justify="space-between" mb="sm" wrap="wrap" gap="sm">
        <Group gap="sm" align="baseline">
          <Title order={1} size="h2">
            {words.title}
          </Title>
          {list.isSuccess && (
            <Text c="dimmed" size="sm">
              {count.toLocaleString(fmt.locale)} {count === 1 ? words.one : words.many}
              {archived ? ' including archived' : ' active'}
            </Text>
          )}
        </Group>
        <Group gap="sm" wrap="wrap">
          <TextInput
            aria-label="Search by reference, customer or title"
            placeholder="Search reference, customer, title"
            leftSection={<IconSearch size={16} aria-hidden />}
            value={text}
            w={260}
            type="search"
            onChange={(e) => {
              setText(e.currentTarget.value);
              pushQuery(e.currentTarget.value);
            }}
          />
          <Switch
            label="Show archived"
            checked={archived}
            onChange={(e) => void navigate({ search: (s) => ({ ...s, archived: e.currentTarget.checked || undefined }) })}
          />
          <BoardViewSwitch value={view} onChange={setView} />
          <ButtonLink to="/$pipeline/new" params={{ pipeline: p.base }} leftSection={<IconPlus size={16} aria-hidden />}>
            {words.newTitle}
          </ButtonLink>
        </Group>
      </Group>
      {list.isError ? (
        <Alert color="red" title={`The ${words.many} could not be loaded`}>
          {list.error.message}
        </Alert>
      ) : !list.isSuccess ? (
        <Skeleton h={420} radius="md" aria-label={`Loading ${words.many}`} />
      ) : view === 'kanban' ? (
        <KanbanBoard p={p} jobs={jobs} archived={archived} fmt={fmt} />
      ) : view === 'list' ? (
        <JobTable p={p} jobs={jobs} fmt={fmt} />
      ) : (
        <PipelineSummary jobs={jobs} stages={p.vocab} fmt={fmt} archived={archived} noun={words.title} />
      )}
    </div>
  );
}
