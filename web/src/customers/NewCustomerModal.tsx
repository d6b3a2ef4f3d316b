import { Alert, Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { isProblem } from '../api/problem';
import { customersQuery } from '../api/queries';
import { useSingleFlight, useSubmissionKey } from '../api/submission-key';
import { AnchorLink } from '../layout/links';
import { createCustomer } from './customers-api';

const blank = { name: '', email: '', phone: '' };

export function NewCustomerModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [form, setForm] = useState(blank);
  const key = useSubmissionKey();
  const once = useSingleFlight();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: () => createCustomer({ name: form.name, email: form.email.trim() || null, phone: form.phone.trim() || null }, key.current()),
    onSuccess: async (c) => {
      key.renew();
      setForm(blank);
      await queryClient.invalidateQueries({ queryKey: ['customers'] });
      onClose();
      await navigate({ to: '/customers/$id', params: { id: c.id } });
    },
    onError: (e) => {
      if (isProblem(e) && e.status >= 400 && e.status < 500) key.renew();
    },
  });
  // Someone already on file by this phone or e-mail is offered before a second record is made.
  const [contact] = useDebouncedValue((form.phone.replace(/\D/g, '').length >= 6 ? form.phone : form.email.includes('@') ? form.email : '').trim(), 300);
  const existing = useQuery({ ...customersQuery(contact), enabled: contact !== '' }).data?.[0];
  const errors = isProblem(create.error) ? create.error.fieldErrors() : {};
  const submit = (e: FormEvent) => {
    e.preventDefault();
    once(() => create.mutateAsync());
  };
  return (
    <Modal opened={opened} onClose={onClose} title="New customer" centered>
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label="Name"
            required
            data-autofocus
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
            error={errors.name}
          />
          <TextInput label="Phone" type="tel" value={form.phone} onChange={(e) => setForm({ ...form, phone: e.currentTarget.value })} error={errors.phone} />
          <TextInput label="E-mail" type="email" value={form.email} onChange={(e) => setForm({ ...form, email: e.currentTarget.value })} error={errors.email} />
          {existing && contact !== '' && (
            <Alert color="yellow" title="Already a customer?" role="status">
              <AnchorLink to="/customers/$id" params={{ id: existing.id }} onClick={onClose} fw={600}>
                {existing.name}
              </AnchorLink>{' '}
              has this {form.phone.replace(/\D/g, '').length >= 6 ? 'phone number' : 'e-mail address'}. Open them instead of adding someone new.
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Add customer
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
