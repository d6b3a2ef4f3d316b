import { Alert, Group, SegmentedControl, Skeleton, Switch, Text, TextInput, Title } from '@mantine/core';
import { IconColumns3, IconLayoutList, IconPlus, IconSearch } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import boardClasses from '../bespoke/BoardPage.module.css';
import { useShopFormat } from '../format/use-shop-format';
import { ButtonLink } from '../layout/links';
import { repairListQuery } from './api';
import { RepairKanban } from './kanban/RepairKanban';
import { RepairTable } from './RepairTable';
import { repairs } from './stages';

type View = 'kanban' | 'list';

export function RepairsPage() {
  const fmt = useShopFormat();
  const [view, setView] = useState<View>(() => (localStorage.getItem('loupe.repairs.view') === 'list' ? 'list' : 'kanban'));
  const [archived, setArchived] = useState(false);
  const [q, setQ] = useState('');
  const list = useQuery(repairListQuery(archived));
  const jobs = useMemo(() => {
    const words = q.trim().toLowerCase();
    return (list.data ?? [])
      .filter((j) => archived || !repairs.isArchived(j.stage))
      .filter((j) => !words || `${j.reference} ${j.title} ${j.customer.name}`.toLowerCase().includes(words));
  }, [list.data, archived, q]);
  const choose = (v: string) => {
    const next: View = v === 'list' ? 'list' : 'kanban';
    localStorage.setItem('loupe.repairs.view', next);
    setView(next);
  };
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
          <SegmentedControl
            aria-label="View"
            value={view}
            onChange={choose}
            data={[
              {
                value: 'kanban',
                label: (
                  <Group gap={6} wrap="nowrap">
                    <IconColumns3 size={16} aria-hidden />
                    <span>Kanban</span>
                  </Group>
                ),
              },
              {
                value: 'list',
                label: (
                  <Group gap={6} wrap="nowrap">
                    <IconLayoutList size={16} aria-hidden />
                    <span>List</span>
                  </Group>
                ),
              },
            ]}
          />
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
      ) : (
        <RepairTable jobs={jobs} fmt={fmt} />
      )}
    </div>
  );
}
