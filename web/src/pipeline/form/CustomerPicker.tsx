import { Button, Group, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconUserPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { createCustomer } from '../../api/customers';
import { isProblem } from '../../api/problem';
import { customersQuery } from '../../api/queries';
import { useSingleFlight, useSubmissionKey } from '../../api/submission-key';
import { useReadablePhone } from '../../format/phone';
import type { PickedCustomer } from '../types';

const NEW = '__new__';

interface Props {
  value: PickedCustomer | null;
  onChange: (c: PickedCustomer | null) => void;
  error?: string | undefined;
}

/** Find a customer by name, e-mail or phone, or add one without leaving the form. */
export function CustomerPicker({ value, onChange, error }: Props) {
  const queryClient = useQueryClient();
  const phone = useReadablePhone();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 200);
  const [adding, setAdding] = useState<{ name: string; email: string; phone: string } | null>(null);
  const found = useQuery({ ...customersQuery(debounced), placeholderData: (prev) => prev });

  const submission = useSubmissionKey();
  const once = useSingleFlight();
  const create = useMutation({
    mutationFn: (c: { name: string; email: string; phone: string }) =>
      createCustomer({ name: c.name, email: c.email.trim() || null, phone: c.phone.trim() || null }, submission.current()),
    onSettled: submission.renew,
    onSuccess: (customer) => {
      void queryClient.invalidateQueries({ queryKey: ['customers'] });
      onChange({ id: customer.id, name: customer.name });
      setAdding(null);
      setSearch(customer.name);
    },
  });
  const addErrors = isProblem(create.error) ? create.error.fieldErrors() : {};

  const options = (found.data ?? []).map((c) => ({ value: c.id, label: c.name, hint: [c.email, c.phone && phone(c.phone)].filter(Boolean).join(' · ') }));
  if (value && !options.some((o) => o.value === value.id)) options.unshift({ value: value.id, label: value.name, hint: '' });
  const typed = search.trim();
  const data = [
    ...options.map(({ value: v, label }) => ({ value: v, label })),
    { value: NEW, label: typed && typed !== value?.name ? `Add “${typed}” as a new customer` : 'Add a new customer' },
  ];
  const hints = new Map(options.map((o) => [o.value, o.hint]));

  if (adding) {
    return (
      <Paper p="sm" bg="gray.0">
        <Stack gap="xs">
          <Text size="sm" fw={600}>
            New customer
          </Text>
          <TextInput
            label="Customer name"
            required
            value={adding.name}
            error={addErrors.name}
            onChange={(e) => setAdding({ ...adding, name: e.currentTarget.value })}
          />
          <Group grow align="flex-start">
            <TextInput
              label="Customer e-mail"
              type="email"
              value={adding.email}
              error={addErrors.email}
              onChange={(e) => setAdding({ ...adding, email: e.currentTarget.value })}
            />
            <TextInput
              label="Customer phone"
              type="tel"
              value={adding.phone}
              error={addErrors.phone}
              onChange={(e) => setAdding({ ...adding, phone: e.currentTarget.value })}
            />
          </Group>
          {create.error && !Object.keys(addErrors).length && (
            <Text size="sm" c="red.8" role="alert">
              {create.error.message}
            </Text>
          )}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" size="xs" onClick={() => setAdding(null)}>
              Cancel
            </Button>
            <Button
              size="xs"
              loading={create.isPending}
              leftSection={<IconUserPlus size={14} aria-hidden />}
              onClick={() => once(() => create.mutateAsync(adding))}
            >
              Add customer
            </Button>
          </Group>
        </Stack>
      </Paper>
    );
  }

  return (
    <Select
      label="Customer"
      placeholder="Search by name, e-mail or phone"
      required
      searchable
      clearable
      data={data}
      value={value?.id ?? null}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
      nothingFoundMessage={found.isFetching ? 'Searching…' : 'No customers found'}
      error={error}
      renderOption={({ option }) =>
        option.value === NEW ? (
          <Group gap={6} wrap="nowrap">
            <IconUserPlus size={14} aria-hidden />
            <Text size="sm" fw={600}>
              {option.label}
            </Text>
          </Group>
        ) : (
          <div>
            <Text size="sm">{option.label}</Text>
            {hints.get(option.value) && (
              <Text size="xs" c="dimmed">
                {hints.get(option.value)}
              </Text>
            )}
          </div>
        )
      }
      onChange={(id) => {
        if (id === NEW) {
          create.reset();
          setAdding({ name: typed && typed !== value?.name ? typed : '', email: '', phone: '' });
          return;
        }
        const o = options.find((x) => x.value === id);
        onChange(o ? { id: o.value, name: o.label } : null);
      }}
    />
  );
}
