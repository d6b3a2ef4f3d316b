import { Button, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { isProblem } from '../api/problem';
import { customersQuery } from '../api/queries';
import { useSingleFlight, useSubmissionKey } from '../api/submission-key';
import { mergeCustomer } from './customers-api';

interface Props {
  customer: { id: string; name: string };
  opened: boolean;
  onClose: () => void;
}

/** Merges this (duplicate) customer into another: its jobs, payments and messages move over, and this record goes. */
export function MergeCustomerModal({ customer, opened, onClose }: Props) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 200);
  const [intoId, setIntoId] = useState<string | null>(null);
  const found = useQuery({ ...customersQuery(debounced), placeholderData: (prev) => prev, enabled: opened });
  const options = (found.data ?? []).filter((c) => c.id !== customer.id).map((c) => ({ value: c.id, label: c.email ? `${c.name} · ${c.email}` : c.name }));
  const submission = useSubmissionKey();
  const once = useSingleFlight();
  const merge = useMutation({
    mutationFn: (target: string) => mergeCustomer(customer.id, target, submission.current()),
    onSettled: submission.renew,
    onSuccess: async (kept) => {
      notifications.show({
        color: 'green',
        title: `${customer.name} merged into ${kept.name}`,
        message: 'Their jobs, payments and messages are on this record now.',
      });
      await queryClient.invalidateQueries({ queryKey: ['customers'] });
      await queryClient.invalidateQueries({ queryKey: ['jobs'] });
      onClose();
      await navigate({ to: '/customers/$id', params: { id: kept.id } });
    },
  });
  const errors = isProblem(merge.error) ? merge.error.fieldErrors() : {};
  const general = merge.error && Object.keys(errors).length === 0 ? merge.error.message : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (intoId) once(() => merge.mutateAsync(intoId));
  };
  return (
    <Modal opened={opened} onClose={onClose} title={`Merge ${customer.name} into another customer`} centered>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">
            For a customer entered twice. Every job, payment and message of {customer.name} moves to the customer you choose, and this record is removed. The
            merge is recorded.
          </Text>
          <Select
            label="Keep this customer"
            placeholder="Search by name, e-mail or phone"
            searchable
            required
            data-autofocus
            data={options}
            value={intoId}
            onChange={setIntoId}
            searchValue={search}
            onSearchChange={setSearch}
            filter={({ options: o }) => o}
            nothingFoundMessage={debounced ? 'No other customer matches' : 'Type to search'}
            error={errors.intoId ?? general}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" color="red" disabled={!intoId} loading={merge.isPending}>
              Merge
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
