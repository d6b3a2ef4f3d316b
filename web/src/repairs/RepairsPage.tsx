import { Alert, Group, Skeleton, Switch, Text, TextInput, Title } from '@mantine/core';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import boardClasses from '../bespoke/BoardPage.module.css';
import { useShopFormat } from '../format/use-shop-format';
import { ButtonLink } from '../layout/links';
import { BoardViewSwitch } from '../pipeline/BoardViewSwitch';
import { PipelineSummary } from '../pipeline/PipelineSummary';
import { useBoardView } from '../pipeline/use-board-view';
import { repairListQuery } from './api';
import { RepairKanban } from './kanban/RepairKanban';
import { RepairTable } from './RepairTable';
import { repairs } from './stages';

export function RepairsPage() {
  const fmt = useShopFormat();
  const [view, setView] = useBoardView('repairs');
  const [archived, setArchived] = useState(false);
  const [q, setQ] = useState('');
  const list = useQuery(repairListQuery(archived));
  const jobs = useMemo(() => {
    const words = q.trim().toLowerCase();
    return (list.data ?? [])
      .filter((j) => archived || !repairs.isArchived(j.stage))
      .filter((j) => !words || `${j.reference} ${j.title} ${j.customer.name}`.toLowerCase().includes(words));
  }, [list.data, archived, q]);
  return (
    <div className={view === 'kanban' ? boardClasses.fill : undefined}>
      <Group justify="space-between" mb="sm" wrap="wrap" gap="sm">
        <Group gap="sm" align="baseline">
          <Title order={1} size="h2">
            Repairs
          </Title>
          {list.isSuccess && (
            <Text c="dimmed" size="sm">
              {jobs.length.toLocaleString(fmt.locale)} {jobs.length === 1 ? 'repair' : 'repairs'}
              {archived ? ' including archived' : ' active'}
            </Text>
          )}
        </Group>
        <Group gap="sm" wrap="wrap">
          <TextInput
            aria-label="Search repairs by reference, customer or title"
            placeholder="Search reference, customer, title"
            leftSection={<IconSearch size={16} aria-hidden />}
            value={q}
            w={240}
            type="search"
            onChange={(e) => setQ(e.currentTarget.value)}
          />
          <Switch label="Show archived" checked={archived} onChange={(e) => setArchived(e.currentTarget.checked)} />
          <BoardViewSwitch value={view} onChange={setView} />
          <ButtonLink to="/repairs/new" leftSection={<IconPlus size={16} aria-hidden />}>
            New repair
          </ButtonLink>
        </Group>
      </Group>
      {list.isError ? (
        <Alert color="red" title="The repairs could not be loaded">
          {list.error.message}
        </Alert>
      ) : !list.isSuccess ? (
        <Skeleton h={420} radius="md" aria-label="Loading repairs" />
      ) : view === 'kanban' ? (
        <RepairKanban jobs={jobs} fmt={fmt} />
      ) : view === 'list' ? (
        <RepairTable jobs={jobs} fmt={fmt} />
      ) : (
        <PipelineSummary jobs={jobs} stages={repairs} fmt={fmt} archived={archived} noun="Repairs" />
      )}
    </div>
  );
}
