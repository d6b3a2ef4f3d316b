import { Anchor, Badge, Button, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconAlertTriangle, IconCalendarPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { addDays } from '../format/shop-format';
import { useShopFormat } from '../format/use-shop-format';
import { AppointmentModal } from './AppointmentModal';
import type { AppointmentFor } from './appointment-draft';
import { type Appointment, appointmentsQuery, kindLabel } from './calendar-api';
import { NewAppointmentModal } from './NewAppointmentModal';

/** How far ahead a customer's or a job's page lists appointments (the list API's longest range). */
const AHEAD_DAYS = 100;

/**
 * A customer's or a job's coming appointments, and a button to book one with them there and then
 * (the calendar's own form, with the customer, and the job, already filled in). Each one opens to be
 * changed or cancelled.
 */
export function AppointmentsPanel({ about }: { about: AppointmentFor }) {
  const fmt = useShopFormat();
  const [opened, modal] = useDisclosure(false);
  const [changing, setChanging] = useState<Appointment | null>(null);
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
                <Anchor component="button" type="button" size="sm" fw={600} onClick={() => setChanging(a)} aria-haspopup="dialog">
                  {fmt.dateTime(a.startsAt)}
                </Anchor>
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
      {changing && <AppointmentModal key={changing.id} appointment={changing} onClose={() => setChanging(null)} onJobPage={about.job?.id} />}
      {opened && <NewAppointmentModal opened={opened} onClose={modal.close} defaultDay={addDays(today, 1)} about={about} />}
    </Paper>
  );
}
