import { Alert, Button, Flex, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconExternalLink } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { isProblem } from '../api/problem';
import { useSingleFlight } from '../api/submission-key';
import { useShopFormat } from '../format/use-shop-format';
import { AppointmentFields, SaveProblem } from './AppointmentFields';
import { changesOf, draftOf, whenSaid } from './appointment-draft';
import { type Appointment, type AppointmentChange, type AppointmentDetail, cancelAppointment, changeAppointment, kindLabel } from './calendar-api';

/** The confirmation this change asked for, if it did: the newest one queued. */
function confirmationOf(a: AppointmentDetail, change: AppointmentChange) {
  if (!change.sendConfirmation) return undefined;
  return a.customerMessages
    .filter((m) => m.event === 'appointment_confirmation')
    .sort((x, y) => x.sendAt.localeCompare(y.sendAt))
    .at(-1);
}

/**
 * An appointment opened from the calendar or a customer's or job's page: its details to change (the
 * booking form, filled in), and cancelling it, which asks first.
 */
export function AppointmentModal({ appointment: a, onClose, onJobPage }: { appointment: Appointment; onClose: () => void; onJobPage?: string }) {
  const fmt = useShopFormat();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState(() => draftOf(a));
  const [confirming, setConfirming] = useState(false);
  const once = useSingleFlight();

  // The calendar and every list of appointments live under this key; a job's page shows its messages.
  const refresh = async (jobs: readonly Appointment['job'][]) => {
    await queryClient.invalidateQueries({ queryKey: ['jobs', 'calendar'] });
    for (const job of jobs) if (job) await queryClient.invalidateQueries({ queryKey: [job.kind, 'detail', job.id] });
  };

  const save = useMutation({
    mutationFn: (change: AppointmentChange) => changeAppointment(a.id, change),
    onSuccess: async (after, change) => {
      await refresh([a.job, after.job]);
      const moved = after.startsAt !== a.startsAt;
      const confirmation = confirmationOf(after, change);
      const skipped = confirmation?.status === 'skipped';
      notifications.show({
        color: skipped ? 'orange' : 'teal',
        title:
          after.overlaps.length > 0
            ? `Changed, but it overlaps another appointment of ${after.staff?.name ?? 'theirs'}`
            : moved
              ? `Moved to ${whenSaid(fmt, after.startsAt)}`
              : 'Appointment changed',
        message: confirmation && (skipped ? (confirmation.lastError ?? 'The new details were not sent') : 'The new details are on their way to the customer'),
      });
      onClose();
    },
  });

  const cancel = useMutation({
    mutationFn: () => cancelAppointment(a.id),
    onSuccess: async () => {
      await refresh([a.job]);
      notifications.show({ color: 'teal', message: `Appointment with ${a.customer.name} cancelled` });
      onClose();
    },
  });

  const errors = isProblem(save.error) ? save.error.fieldErrors() : {};
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const change = changesOf(a, draft);
    if (Object.keys(change).length === 0) {
      onClose();
      return;
    }
    once(() => save.mutateAsync(change));
  };
  const when = whenSaid(fmt, a.startsAt);

  return (
    <Modal.Stack>
      <Modal stackId="appointment" opened onClose={onClose} title={`${kindLabel(a.kind)}: ${a.customer.name}`} centered>
        <form onSubmit={submit} noValidate>
          <Stack>
            {a.overlaps.length > 0 && (
              <Alert color="yellow" title="Overlap">
                {a.staff?.name ?? 'This member of staff'} has another appointment at the same time.
              </Alert>
            )}
            {a.job && a.job.id !== onJobPage && (
              <Button
                variant="light"
                size="xs"
                justify="flex-start"
                leftSection={<IconExternalLink size={14} aria-hidden />}
                onClick={() => void navigate({ to: a.job?.path ?? '/' })}
              >
                Open {a.job.reference} {a.job.title}
              </Button>
            )}
            <AppointmentFields draft={draft} onChange={setDraft} errors={errors} current={a} />
            <SaveProblem error={save.error} title="The appointment could not be changed" />
            {/* On a phone the two go full width, saving on top, where a thumb reaches first. */}
            <Flex direction={{ base: 'column-reverse', xs: 'row' }} justify="space-between" gap="xs">
              <Button color="red" variant="subtle" onClick={() => setConfirming(true)}>
                Cancel appointment
              </Button>
              <Button type="submit" loading={save.isPending}>
                Save changes
              </Button>
            </Flex>
          </Stack>
        </form>
      </Modal>
      <Modal
        stackId="cancel"
        opened={confirming}
        onClose={() => setConfirming(false)}
        title={`Cancel the appointment with ${a.customer.name} on ${when}?`}
        centered
      >
        <Stack>
          <Text size="sm">
            It comes off the calendar{a.remindCustomer ? ', and their reminder is not sent' : ''}. Loupe does not message the customer about it.
          </Text>
          <SaveProblem error={cancel.error} title="The appointment could not be cancelled" />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={() => setConfirming(false)}>
              Keep it
            </Button>
            <Button color="red" loading={cancel.isPending} onClick={() => once(() => cancel.mutateAsync())}>
              Yes, cancel it
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Modal.Stack>
  );
}
