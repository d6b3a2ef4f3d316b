import { Alert, Group, Skeleton, Switch, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { jobListQuery } from '../api/queries';
import { useShopFormat } from '../format/use-shop-format';
import { BoardViewSwitch } from '../pipeline/BoardViewSwitch';
import { PipelineSummary } from '../pipeline/PipelineSummary';
import { useBoardView } from '../pipeline/use-board-view';
import classes from './BoardPage.module.css';
import { matchJobs } from './board-search';
import { KanbanBoard } from './kanban/KanbanBoard';
import { JobTable } from './list/JobTable';
import { bespoke, isArchived } from './stages';
import { useBoardPainted } from './use-board-painted';

export function BoardPage() {
  const fmt = useShopFormat();
  const navigate = useNavigate({ from: '/bespoke' });
  const { q, archived = false } = useSearch({ from: '/staff/bespoke' });
  const [view, setView] = useBoardView('bespoke');
  const [text, setText] = useState(q ?? '');
  const pushQuery = useDebouncedCallback((value: string) => void navigate({ search: (s) => ({ ...s, q: value.trim() || undefined }), replace: true }), 200);

  const list = useQuery(jobListQuery(archived));
  const jobs = useMemo(() => {
    const all = list.data ?? [];
    // An optimistic move to collected or cancelled leaves the card in the active list until the refetch.
    const visible = archived ? all : all.filter((j) => !isArchived(j.stage));
    return matchJobs(visible, q);
  }, [list.data, archived, q]);
  useBoardPainted(view === 'kanban' && list.isSuccess, jobs.length);

  return (
    <div className={view === 'kanban' ? classes.fill : undefined}>
      <Group justify="space-between" mb="sm" wrap="wrap" gap="sm">
        <Group gap="sm" align="baseline">
          <Title order={1} size="h2">
            Bespoke jobs
          </Title>
          {list.isSuccess && (
            <Text c="dimmed" size="sm">
              {jobs.length.toLocaleString(fmt.locale)} {jobs.length === 1 ? 'job' : 'jobs'}
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
        </Group>
      </Group>
      {list.isError ? (
        <Alert color="red" title="The jobs could not be loaded">
          {list.error.message}
        </Alert>
      ) : !list.isSuccess ? (
        <Skeleton h={420} radius="md" aria-label="Loading jobs" />
      ) : view === 'kanban' ? (
        <KanbanBoard jobs={jobs} archived={archived} fmt={fmt} />
      ) : view === 'list' ? (
        <JobTable jobs={jobs} fmt={fmt} />
      ) : (
        <PipelineSummary jobs={jobs} stages={bespoke} fmt={fmt} archived={archived} noun="Jobs" />
      )}
    </div>
  );
}
