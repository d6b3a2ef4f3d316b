import { Alert, Button, Checkbox, Group, Modal, NumberInput, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { isProblem } from '../api/problem';
import { customersQuery } from '../api/queries';
import { useSingleFlight, useSubmissionKey } from '../api/submission-key';
import { customerJobsQuery } from '../customers/customers-api';
import { staffQuery } from '../settings/staff-api';
import { type AppointmentDetail, type AppointmentKind, appointmentKinds, createAppointment } from './calendar-api';

/** Who (and what) the appointment is with when it is made from their page: fixed in the form. */
export interface AppointmentFor {
  customer: { id: string; name: string };
  job?: { id: string; reference: string; title: string };
}

const blank = (day: string, about?: AppointmentFor) => ({
  kind: 'consultation' as AppointmentKind,
  customerId: about?.customer.id ?? (null as string | null),
  jobId: about?.job?.id ?? (null as string | null),
  staffId: null as string | null,
  start: `${day}T10:00`,
  duration: 30,
  note: '',
  sendConfirmation: false,
  remindCustomer: false,
});

/** What the booking did about telling the customer, in a few words for the notice. */
function toldCustomer(a: AppointmentDetail): string {
  const confirmation = a.customerMessages.find((m) => m.event === 'appointment_confirmation');
  const reminder = a.customerMessages.find((m) => m.event === 'appointment_reminder');
  const parts = [
    confirmation && (confirmation.status === 'skipped' ? (confirmation.lastError ?? 'Confirmation not sent') : 'Confirmation on its way to the customer'),
    reminder && 'they will be reminded a day before',
    !reminder && a.remindCustomer && 'it is less than a day away, so no reminder',
  ].filter(Boolean);
  return parts.join('; ');
}

/** A new appointment with a customer: from the calendar, or, given a customer (and a job), from their page. */
export function NewAppointmentModal({
  opened,
  onClose,
  defaultDay,
  about,
}: {
  opened: boolean;
  onClose: () => void;
  defaultDay: string;
  about?: AppointmentFor;
}) {
  const [form, setForm] = useState(() => blank(defaultDay, about));
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const customers = useQuery({ ...customersQuery(q), enabled: opened }).data ?? [];
  const staff = useQuery({ ...staffQuery, enabled: opened }).data?.items ?? [];
  const theirJobs = useQuery({ ...customerJobsQuery(form.customerId ?? ''), enabled: opened && form.customerId !== null && !about?.job }).data ?? [];
  const jobChoices = about?.job
    ? [{ value: about.job.id, label: `${about.job.reference} ${about.job.title}` }]
    : theirJobs.map((j) => ({ value: j.id, label: `${j.reference} ${j.title}` }));
  const key = useSubmissionKey();
  const once = useSingleFlight();
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: () =>
      createAppointment(
        {
          kind: form.kind,
          customerId: form.customerId ?? '',
          jobId: form.jobId,
          staffId: form.staffId,
          // The browser's local time, as the person at the bench reads it.
          startsAt: Number.isNaN(new Date(form.start).getTime()) ? form.start : new Date(form.start).toISOString(),
          durationMinutes: form.duration,
          note: form.note.trim() || null,
          sendConfirmation: form.sendConfirmation,
          remindCustomer: form.remindCustomer,
        },
        key.current(),
      ),
    onSuccess: async (a) => {
      key.renew();
      setForm(blank(defaultDay, about));
      // The calendar and every list of appointments live under this key; a job's page shows its messages.
      await queryClient.invalidateQueries({ queryKey: ['jobs', 'calendar'] });
      if (a.job) await queryClient.invalidateQueries({ queryKey: [a.job.kind, 'detail', a.job.id] });
      const told = toldCustomer(a);
      notifications.show({
        color: a.customerMessages.some((m) => m.status === 'skipped') ? 'orange' : 'teal',
        title: a.overlaps.length > 0 ? `Booked, but it overlaps another appointment of ${a.staff?.name ?? 'theirs'}` : 'Appointment booked',
        message: told || undefined,
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
          {about ? (
            <TextInput label="Customer" readOnly value={about.customer.name} error={errors.customerId} />
          ) : (
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
              onChange={(v) => setForm({ ...form, customerId: v, jobId: null })}
              error={errors.customerId}
            />
          )}
          {about?.job ? (
            <TextInput label="About" readOnly value={`${about.job.reference} ${about.job.title}`} error={errors.jobId} />
          ) : (
            <Select
              label="About a job"
              placeholder={form.customerId ? 'None' : 'Choose the customer first'}
              clearable
              disabled={form.customerId === null}
              data={jobChoices}
              value={form.jobId}
              onChange={(v) => setForm({ ...form, jobId: v })}
              error={errors.jobId}
            />
          )}
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
          <Checkbox
            label="Send the customer a confirmation now"
            description="On their usual channel, in your confirmation template"
            checked={form.sendConfirmation}
            onChange={(e) => setForm({ ...form, sendConfirmation: e.currentTarget.checked })}
          />
          <Checkbox
            label="Remind the customer a day before"
            checked={form.remindCustomer}
            onChange={(e) => setForm({ ...form, remindCustomer: e.currentTarget.checked })}
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
