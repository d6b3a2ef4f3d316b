import { Button, Group, Modal, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { isProblem } from '../api/problem';
import { useSingleFlight, useSubmissionKey } from '../api/submission-key';
import { AppointmentFields, SaveProblem } from './AppointmentFields';
import { type AppointmentFor, blankDraft, newAppointmentOf } from './appointment-draft';
import { type AppointmentDetail, createAppointment } from './calendar-api';

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
  const [draft, setDraft] = useState(() => blankDraft(defaultDay, about));
  const key = useSubmissionKey();
  const once = useSingleFlight();
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: () => createAppointment(newAppointmentOf(draft), key.current()),
    onSuccess: async (a) => {
      key.renew();
      setDraft(blankDraft(defaultDay, about));
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
          <AppointmentFields draft={draft} onChange={setDraft} errors={errors} about={about} />
          <SaveProblem error={create.error} title="The appointment could not be booked" />
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
