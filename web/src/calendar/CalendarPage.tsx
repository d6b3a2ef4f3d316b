import 'react-big-calendar/lib/css/react-big-calendar.css';
import 'react-big-calendar/lib/addons/dragAndDrop/styles.css';
import { Alert, Badge, Button, Chip, Group, Modal, Select, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import dayjs from 'dayjs';
import 'dayjs/locale/en-gb';
import 'dayjs/locale/en-au';
import { type CSSProperties, useMemo, useState } from 'react';
import { Calendar, type DateHeaderProps, dayjsLocalizer, type EventProps, type View, Views } from 'react-big-calendar';
import type { EventInteractionArgs } from 'react-big-calendar/lib/addons/dragAndDrop';
import * as dragAndDrop from 'react-big-calendar/lib/addons/dragAndDrop';
import { isProblem } from '../api/problem';
import { useShopFormat } from '../format/use-shop-format';
import { pipelineOfKind, pipelines } from '../pipelines';
import { staffQuery } from '../settings/staff-api';
import classes from './CalendarPage.module.css';
import { type Appointment, appointmentKinds, type CalendarJob, calendarQuery, cancelAppointment, moveDueDate } from './calendar-api';
import { FeedModal } from './FeedModal';
import { NewAppointmentModal } from './NewAppointmentModal';

const localizer = dayjsLocalizer(dayjs);

/** One event on the grid: a job's due date (all day) or an appointment (timed). */
type CalendarEvent =
  | { type: 'job'; id: string; title: string; start: Date; end: Date; allDay: true; job: CalendarJob }
  | { type: 'appointment'; id: string; title: string; start: Date; end: Date; allDay: false; appointment: Appointment };

// The addon is CommonJS: the bundle hands its `exports` over as the default, whose own `default` is the function.
type WithDragAndDrop = typeof dragAndDrop.default;
const withDragAndDrop: WithDragAndDrop = (dragAndDrop.default as unknown as { default?: WithDragAndDrop }).default ?? dragAndDrop.default;
const DnDCalendar = withDragAndDrop<CalendarEvent>(Calendar);

/** Each pipeline's colour, in the registry's order: the grid, the filter chips and the legend agree. */
const palette = ['indigo', 'teal', 'grape', 'orange', 'cyan', 'lime'] as const;
const colourOf = (kind: string) =>
  palette[
    Math.max(
      0,
      pipelines.findIndex((p) => p.kind === kind),
    ) % palette.length
  ] ?? 'gray';

/** A calendar date as the grid's local midnight: due dates are days, not moments. */
const dayAt = (day: string) => {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1);
};
const dayOf = (date: Date) => dayjs(date).format('YYYY-MM-DD');

/** The days a view of a date covers: a month's six weeks, a week, or the agenda's month ahead. */
function rangeOf(view: View, date: Date) {
  const d = dayjs(date);
  if (view === Views.MONTH) return { from: dayOf(d.startOf('month').startOf('week').toDate()), to: dayOf(d.endOf('month').endOf('week').toDate()) };
  if (view === Views.WEEK) return { from: dayOf(d.startOf('week').toDate()), to: dayOf(d.endOf('week').toDate()) };
  return { from: dayOf(d.toDate()), to: dayOf(d.add(30, 'day').toDate()) };
}

type Range = { start: Date; end: Date };
const span = (r: Range, day: string, time?: string) =>
  `${dayjs(r.start).format(time ? `${day} ${time}` : day)} – ${dayjs(r.end).format(time ? `${day} ${time}` : day)}`;
const dayFirstFormats = {
  agendaHeaderFormat: (r: Range) => span(r, 'D MMM YYYY'),
  agendaDateFormat: 'ddd D MMM',
  agendaTimeRangeFormat: (r: Range) => `${dayjs(r.start).format('HH:mm')}–${dayjs(r.end).format('HH:mm')}`,
  dayRangeHeaderFormat: (r: Range) => span(r, 'D MMM'),
  dayFormat: 'ddd D',
  timeGutterFormat: 'HH:mm',
  eventTimeRangeFormat: (r: Range) => `${dayjs(r.start).format('HH:mm')}–${dayjs(r.end).format('HH:mm')}`,
  dateFormat: 'D',
};
const usFormats = { dateFormat: 'D' };

const kindLabel = (k: string) => appointmentKinds.find((a) => a.value === k)?.label ?? k;

function EventLabel({ event }: EventProps<CalendarEvent>) {
  if (event.type === 'job') {
    const j = event.job;
    const words = pipelineOfKind(j.kind)?.words.one ?? j.kind;
    return (
      <span className={classes.event} title={`${j.reference} ${j.title}, ${words}, ${j.stageLabel}${j.overdue ? ', overdue' : ''}`}>
        {j.overdue && <span className={classes.late}>Late · </span>}
        {j.reference} {j.title}
      </span>
    );
  }
  const a = event.appointment;
  return (
    <span className={classes.event}>
      {a.overlaps.length > 0 && <span className={classes.late}>Clash · </span>}
      {event.title}
    </span>
  );
}

/** The date in each month cell carries its full date, so a test (or a screen reader) can find the day. */
function DateHeader({ label, date, onDrillDown }: DateHeaderProps) {
  return (
    <button type="button" className="rbc-button-link" data-day={dayOf(date)} aria-label={dayjs(date).format('D MMMM YYYY')} onClick={onDrillDown}>
      {label}
    </button>
  );
}

/** `/workshop/calendar`: every pipeline's due dates and the appointments, by month, week or agenda. */
export function CalendarPage() {
  const fmt = useShopFormat();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const phone = useMediaQuery('(max-width: 48em)') ?? false;
  const [view, setView] = useState<View>(Views.MONTH);
  const [date, setDate] = useState(() => dayAt(fmt.today()));
  const [shown, setShown] = useState<readonly string[]>(pipelines.map((p) => p.kind));
  const [staffId, setStaffId] = useState<string | null>(null);
  const [newOpen, newModal] = useDisclosure(false);
  const [feedOpen, feedModal] = useDisclosure(false);
  const [stage, setStage] = useState<string | null>(null);
  const [opened, setOpened] = useState<Appointment | null>(null);
  // Week starts and day names as the shop writes them (en-GB and en-AU start on Monday).
  const culture = fmt.locale.toLowerCase();
  dayjs.locale(culture === 'en-us' ? 'en' : culture);
  const formats = culture === 'en-us' ? usFormats : dayFirstFormats;
  const range = rangeOf(view, date);
  // A stage belongs to one pipeline: the stage filter appears when one pipeline is shown.
  const only = shown.length === 1 ? pipelineOfKind(shown[0] ?? '') : undefined;
  const filter = { ...range, pipelines: shown.length === pipelines.length ? [] : shown, stage: only ? stage : null, staffId };
  const calendar = useQuery({ ...calendarQuery(filter), enabled: shown.length > 0 });
  const staff = useQuery(staffQuery).data?.items ?? [];

  const events = useMemo<CalendarEvent[]>(() => {
    if (shown.length === 0) return [];
    const data = calendar.data;
    if (!data) return [];
    return [
      ...data.jobs.map((job) => ({
        type: 'job' as const,
        id: job.id,
        title: `${job.reference} ${job.title}`,
        start: dayAt(job.dueDate),
        end: dayAt(job.dueDate),
        allDay: true as const,
        job,
      })),
      ...data.appointments.map((appointment) => ({
        type: 'appointment' as const,
        id: appointment.id,
        title: `${kindLabel(appointment.kind)}: ${appointment.customer.name}`,
        start: new Date(appointment.startsAt),
        end: new Date(appointment.endsAt),
        allDay: false as const,
        appointment,
      })),
    ];
  }, [calendar.data, shown]);

  const move = useMutation({
    mutationFn: ({ id, dueDate }: { id: string; dueDate: string }) => moveDueDate(id, dueDate),
    onSuccess: (answer) => {
      if (answer.moved) notifications.show({ color: 'teal', message: `${answer.job.reference} now due ${fmt.date(answer.job.dueDate)}` });
    },
    onError: (e) => notifications.show({ color: 'red', message: isProblem(e) ? e.message : 'The due date could not be moved' }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['jobs'] }),
  });

  const onDrop = ({ event, start }: EventInteractionArgs<CalendarEvent>) => {
    if (event.type !== 'job') return;
    const dueDate = dayOf(new Date(start));
    if (dueDate === event.job.dueDate) return;
    // Shown at once where it was dropped; the answer (or a refusal) settles it.
    queryClient.setQueryData(calendarQuery(filter).queryKey, (old) =>
      old ? { ...old, jobs: old.jobs.map((j) => (j.id === event.id ? { ...j, dueDate } : j)) } : old,
    );
    move.mutate({ id: event.id, dueDate });
  };

  const cancel = useMutation({
    mutationFn: (id: string) => cancelAppointment(id),
    onSuccess: async () => {
      setOpened(null);
      await queryClient.invalidateQueries({ queryKey: ['jobs', 'calendar'] });
    },
  });

  const toggle = (kind: string) => {
    setStage(null);
    setShown((s) => (s.includes(kind) ? s.filter((k) => k !== kind) : [...s, kind]));
  };

  return (
    <div className={classes.page}>
      <Group justify="space-between" mb="sm" align="center" wrap="wrap" gap="xs">
        <Title order={1} size="h2">
          Calendar
        </Title>
        <Group gap="xs">
          <Button variant="default" onClick={feedModal.open}>
            Subscribe
          </Button>
          <Button onClick={newModal.open}>New appointment</Button>
        </Group>
      </Group>
      <Group gap="xs" mb="sm" wrap="wrap" role="group" aria-label="Pipelines shown">
        {pipelines.map((p) => (
          <Chip key={p.kind} checked={shown.includes(p.kind)} onChange={() => toggle(p.kind)} color={colourOf(p.kind)} size="sm" variant="light">
            {p.words.nav}
          </Chip>
        ))}
        {only && (
          <Select
            aria-label="Stage"
            placeholder="Any stage"
            size="xs"
            clearable
            w={160}
            value={stage}
            onChange={setStage}
            data={only.main.map((st) => ({ value: st, label: only.labelOf(st) }))}
          />
        )}
        <Select
          aria-label="Staff member"
          placeholder="Everyone"
          size="xs"
          clearable
          w={160}
          value={staffId}
          onChange={setStaffId}
          data={staff.filter((s) => !s.deactivatedAt).map((s) => ({ value: s.id, label: s.name }))}
        />
      </Group>
      {calendar.isError && <Alert color="red">The calendar could not be loaded.</Alert>}
      {calendar.isPending && shown.length > 0 ? (
        <Skeleton h={phone ? 480 : 720} aria-label="Loading the calendar" />
      ) : (
        <div className={classes.grid} data-view={view} data-loaded={calendar.isSuccess ? 'true' : 'false'}>
          <DnDCalendar
            localizer={localizer}
            events={events}
            view={view}
            onView={setView}
            date={date}
            onNavigate={setDate}
            views={[Views.MONTH, Views.WEEK, Views.AGENDA]}
            popup
            selectable={false}
            resizable={false}
            draggableAccessor={(e) => e.type === 'job'}
            onEventDrop={onDrop}
            onSelectEvent={(e) => {
              if (e.type === 'job') void navigate({ to: e.job.path });
              else setOpened(e.appointment);
            }}
            eventPropGetter={(e) => {
              // Dark words on the pipeline's tint, marked by a bar of its colour: white on teal, orange
              // or lime was under 4.5:1. A late job's bar and border are red.
              const colour = e.type === 'job' ? colourOf(e.job.kind) : 'gray';
              const late = e.type === 'job' && e.job.overdue;
              return {
                className: late ? classes.overdue : e.type === 'job' ? classes.job : undefined,
                style: {
                  background: `var(--mantine-color-${colour}-1)`,
                  color: 'var(--mantine-color-dark-8)',
                  border: late ? '2px solid var(--mantine-color-red-7)' : `1px solid var(--mantine-color-${colour}-3)`,
                  '--event-bar': `var(--mantine-color-${colour}-6)`,
                } as CSSProperties,
              };
            }}
            components={{ event: EventLabel, month: { dateHeader: DateHeader } }}
            length={30}
            culture={culture}
            formats={formats}
            style={{ height: phone ? 560 : 760 }}
            messages={{ agenda: 'Agenda', month: 'Month', week: 'Week', noEventsInRange: 'Nothing due and no appointments in these days.' }}
          />
        </div>
      )}
      <Group gap="md" mt="xs" className={classes.legend}>
        {pipelines.map((p) => (
          <Badge key={p.kind} color={colourOf(p.kind)} variant="light" size="sm">
            {p.words.nav}
          </Badge>
        ))}
        <Badge color="gray" variant="light" size="sm">
          Appointments
        </Badge>
        <Badge color="red.9" variant="outline" size="sm">
          Late
        </Badge>
      </Group>
      <FeedModal opened={feedOpen} onClose={feedModal.close} />
      <NewAppointmentModal opened={newOpen} onClose={newModal.close} defaultDay={dayOf(date)} />
      <Modal opened={opened !== null} onClose={() => setOpened(null)} title={opened ? kindLabel(opened.kind) : ''} centered>
        {opened && (
          <Stack gap="xs">
            <Text>
              {opened.customer.name} · {fmt.dateTime(opened.startsAt)} · {opened.durationMinutes} min
            </Text>
            {opened.staff && <Text size="sm">With {opened.staff.name}</Text>}
            {opened.job && (
              <Button variant="light" onClick={() => void navigate({ to: opened.job?.path ?? '/' })}>
                Open {opened.job.reference}
              </Button>
            )}
            {opened.note && <Text size="sm">{opened.note}</Text>}
            {opened.overlaps.length > 0 && (
              <Alert color="yellow" title="Overlap">
                {opened.staff?.name ?? 'This member of staff'} has another appointment at the same time.
              </Alert>
            )}
            <Group justify="flex-end">
              <Button color="red" variant="light" loading={cancel.isPending} onClick={() => cancel.mutate(opened.id)}>
                Cancel appointment
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </div>
  );
}
