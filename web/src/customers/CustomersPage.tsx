import { Alert, Button, Group, Paper, Skeleton, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch, IconUserPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { isProblem } from '../api/problem';
import { customersQuery } from '../api/queries';
import { useReadablePhone } from '../format/phone';
import { AnchorLink } from '../layout/links';
import { usePageTitle } from '../layout/page-title';
import { NewCustomerModal } from './NewCustomerModal';

/** /customers: find anyone by name, e-mail or phone (typed any way); with nothing typed, the latest first. */
export function CustomersPage() {
  usePageTitle('Customers');
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q.trim(), 250);
  const [adding, setAdding] = useState(false);
  const phone = useReadablePhone();
  const found = useQuery(customersQuery(debounced));
  const items = found.data ?? [];
  return (
    <Stack maw={880} mx="auto" gap="md">
      <Group justify="space-between" wrap="wrap">
        <Title order={1} size="h2">
          Customers
        </Title>
        <Button leftSection={<IconUserPlus size={16} aria-hidden />} onClick={() => setAdding(true)}>
          New customer
        </Button>
      </Group>
      <TextInput
        type="search"
        aria-label="Find a customer"
        placeholder="Name, e-mail or phone"
        leftSection={<IconSearch size={16} aria-hidden />}
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
      />
      {found.isPending && <Skeleton h={200} />}
      {found.isError && <Alert color="red">{isProblem(found.error) ? found.error.detail : 'Customers could not be loaded.'}</Alert>}
      {found.data && items.length === 0 && <Text c="dimmed">{debounced ? `No customer matches “${debounced}”.` : 'No customers yet.'}</Text>}
      <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={debounced ? 'Customers found' : 'Latest customers'}>
        {items.map((c) => (
          <Paper key={c.id} withBorder p="sm" radius="md" component="li">
            <AnchorLink to="/customers/$id" params={{ id: c.id }} fw={600}>
              {c.name}
            </AnchorLink>
            <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
              {[c.phone && phone(c.phone), c.email].filter(Boolean).join(' · ') || 'No contact details'}
            </Text>
          </Paper>
        ))}
      </Stack>
      <NewCustomerModal opened={adding} onClose={() => setAdding(false)} />
    </Stack>
  );
}
