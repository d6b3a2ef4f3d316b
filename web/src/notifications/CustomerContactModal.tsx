import { Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { api } from '../api/client';
import { isProblem, unwrap } from '../api/problem';

interface Props {
  customer: { id: string; name: string } | null;
  onClose: () => void;
  onSaved: () => void;
}

const channels = [
  { value: 'email', label: 'E-mail' },
  { value: 'sms', label: 'SMS' },
  { value: 'whatsapp', label: 'WhatsApp' },
] as const;

/** The fix for "no e-mail / no phone": the customer's contact details, edited from the job page. */
export function CustomerContactModal({ customer, onClose, onSaved }: Props) {
  const id = customer?.id ?? '';
  const current = useQuery({
    queryKey: ['customers', 'detail', id],
    queryFn: () => unwrap(api.GET('/api/v1/customers/{id}', { params: { path: { id } } })),
    enabled: customer !== null,
  });
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [preferred, setPreferred] = useState<'email' | 'sms' | 'whatsapp'>('email');
  useEffect(() => {
    if (current.data) {
      setEmail(current.data.email ?? '');
      setPhone(current.data.phone ?? '');
      setPreferred(current.data.preferredChannel);
    }
  }, [current.data]);
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH('/api/v1/customers/{id}', {
          params: { path: { id } },
          body: { email: email.trim() || null, phone: phone.trim() || null, preferredChannel: preferred },
        }),
      ),
    onSuccess: (c) => {
      notifications.show({ color: 'green', title: `${c.name}'s details saved`, message: 'Press Re-send to try the message again.' });
      onSaved();
      onClose();
    },
  });
  const errors = isProblem(save.error) ? save.error.fieldErrors() : {};
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <Modal opened={customer !== null} onClose={onClose} title={customer ? `Contact details for ${customer.name}` : ''} centered>
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput label="E-mail" type="email" data-autofocus value={email} error={errors.email} onChange={(e) => setEmail(e.currentTarget.value)} />
          <TextInput label="Phone" type="tel" value={phone} error={errors.phone} onChange={(e) => setPhone(e.currentTarget.value)} />
          <Select
            label="Prefers"
            data={channels.map((c) => ({ ...c }))}
            value={preferred}
            allowDeselect={false}
            onChange={(v) => setPreferred(channels.find((c) => c.value === v)?.value ?? 'email')}
          />
          {save.error && Object.keys(errors).length === 0 && <div role="alert">{save.error.message}</div>}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              Save details
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
