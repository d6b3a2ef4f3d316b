import { Badge, Button, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconAlertTriangle, IconCalendarPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { addDays } from '../format/shop-format';
import { useShopFormat } from '../format/use-shop-format';
import { appointmentKinds, appointmentsQuery } from './calendar-api';
import { type AppointmentFor, NewAppointmentModal } from './NewAppointmentModal';

/** How far ahead a customer's or a job's page lists appointments (the list API's longest range). */
const AHEAD_DAYS = 100;

const kindLabel = (k: string) => appointmentKinds.find((a) => a.value === k)?.label ?? k;

/**
 * A customer's or a job's coming appointments, and a button to book one with them there and then
 * (the calendar's own form, with the customer, and the job, already filled in).
 */
export function AppointmentsPanel({ about }: { about: AppointmentFor }) {
  const fmt = useShopFormat();
  const [opened, modal] = useDisclosure(false);
  const today = fmt.today();
  const filter = about.job
    ? { from: today, to: addDays(today, AHEAD_DAYS), jobId: about.job.id }
    : { from: today, to: addDays(today, AHEAD_DAYS), customerId: about.customer.id };
  const list = useQuery(appointmentsQuery(filter));
  const titleId = about.job ? `appointments-${about.job.id}` : `appointments-${about.customer.id}`;
  return (
    <Paper p="md" withBorder component="section" aria-labelledby={titleId}>
      <Group justify="space-between" mb="xs" wrap="wrap" gap="xs">
        <Title order={2} size="h4" id={titleId}>
          Appointments
        </Title>
        <Button size="xs" variant="light" leftSection={<IconCalendarPlus size={16} aria-hidden />} onClick={modal.open}>
          Book appointment
        </Button>
      </Group>
      {!list.data ? (
        <Skeleton h={40} />
      ) : list.data.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing booked.
        </Text>
      ) : (
        <Stack gap={6} component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
          {list.data.map((a) => (
            <li key={a.id}>
              <Group gap={6} wrap="wrap">
                <Text size="sm" fw={600}>
                  {fmt.dateTime(a.startsAt)}
                </Text>
                <Text size="sm">
                  {kindLabel(a.kind)}
                  {a.staff ? ` with ${a.staff.name}` : ''}
                  {!about.job && a.job ? ` · ${a.job.reference}` : ''}
                </Text>
                {a.remindCustomer && (
                  <Badge size="sm" variant="light" color="gray" tt="none">
                    Reminder on
                  </Badge>
                )}
                {a.overlaps.length > 0 && (
                  <Text span size="xs" c="var(--loupe-warning)" fw={700}>
                    <IconAlertTriangle size={12} aria-hidden style={{ verticalAlign: -1 }} /> overlaps another
                  </Text>
                )}
              </Group>
            </li>
          ))}
        </Stack>
      )}
      {opened && <NewAppointmentModal opened={opened} onClose={modal.close} defaultDay={addDays(today, 1)} about={about} />}
    </Paper>
  );
}
