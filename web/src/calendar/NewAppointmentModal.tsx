import { Alert, Button, Group, Modal, NumberInput, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { isProblem } from '../api/problem';
import { customersQuery } from '../api/queries';
import { useSingleFlight, useSubmissionKey } from '../api/submission-key';
import { staffQuery } from '../settings/staff-api';
import { type AppointmentKind, appointmentKinds, createAppointment } from './calendar-api';

const blank = (day: string) => ({
  kind: 'consultation' as AppointmentKind,
  customerId: null as string | null,
  staffId: null as string | null,
  start: `${day}T10:00`,
  duration: 30,
  note: '',
});

/** A new appointment with a customer: from the calendar (and, given a customer or job, from their pages). */
export function NewAppointmentModal({ opened, onClose, defaultDay }: { opened: boolean; onClose: () => void; defaultDay: string }) {
  const [form, setForm] = useState(() => blank(defaultDay));
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const customers = useQuery({ ...customersQuery(q), enabled: opened }).data ?? [];
  const staff = useQuery({ ...staffQuery, enabled: opened }).data?.items ?? [];
  const key = useSubmissionKey();
  const once = useSingleFlight();
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: () =>
      createAppointment(
        {
          kind: form.kind,
          customerId: form.customerId ?? '',
          staffId: form.staffId,
          // The browser's local time, as the person at the bench reads it.
          startsAt: Number.isNaN(new Date(form.start).getTime()) ? form.start : new Date(form.start).toISOString(),
          durationMinutes: form.duration,
          note: form.note.trim() || null,
        },
        key.current(),
      ),
    onSuccess: async (a) => {
      key.renew();
      setForm(blank(defaultDay));
      await queryClient.invalidateQueries({ queryKey: ['jobs', 'calendar'] });
      notifications.show({
        color: 'teal',
        message: a.overlaps.length > 0 ? `Booked, but it overlaps another appointment of ${a.staff?.name ?? 'theirs'}` : 'Appointment booked',
      });
      onClose();
    },
    onError: (e) => {
      if (isProblem(e) && e.status >= 400 && e.status < 500) key.renew();
    },
  });
  const errors = isProblem(create.error) ? create.error.fieldErrors() : {};
  const submit = (e: FormEvent) => {
    e.preventDefault();
    once(() => create.mutateAsync());
  };
  return (
    <Modal opened={opened} onClose={onClose} title="New appointment" centered>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Select
            label="Kind"
            required
            allowDeselect={false}
            data={appointmentKinds.map((k) => ({ value: k.value, label: k.label }))}
            value={form.kind}
            onChange={(v) => v && setForm({ ...form, kind: v as AppointmentKind })}
            error={errors.kind}
          />
          <Select
            label="Customer"
            required
            searchable
            searchValue={search}
            onSearchChange={setSearch}
            filter={({ options }) => options}
            nothingFoundMessage="No customer by that name"
            data={customers.map((c) => ({ value: c.id, label: c.name }))}
            value={form.customerId}
            onChange={(v) => setForm({ ...form, customerId: v })}
            error={errors.customerId}
          />
          <Select
            label="With"
            placeholder="Anyone"
            clearable
            data={staff.filter((s) => !s.deactivatedAt).map((s) => ({ value: s.id, label: s.name }))}
            value={form.staffId}
            onChange={(v) => setForm({ ...form, staffId: v })}
            error={errors.staffId}
          />
          <Group grow align="flex-start">
            <TextInput
              label="Starts"
              type="datetime-local"
              required
              value={form.start}
              onChange={(e) => setForm({ ...form, start: e.currentTarget.value })}
              error={errors.startsAt}
            />
            <NumberInput
              label="Minutes"
              min={5}
              max={720}
              step={15}
              value={form.duration}
              onChange={(v) => setForm({ ...form, duration: typeof v === 'number' ? v : Number(v) || 0 })}
              error={errors.durationMinutes}
            />
          </Group>
          <Textarea
            label="Note"
            autosize
            minRows={2}
            value={form.note}
            onChange={(e) => setForm({ ...form, note: e.currentTarget.value })}
            error={errors.note}
          />
          {create.isError && !isProblem(create.error, 'validation_failed') && <Alert color="red">The appointment could not be booked.</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Book appointment
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
