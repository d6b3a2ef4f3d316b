import 'react-big-calendar/lib/css/react-big-calendar.css';
import 'react-big-calendar/lib/addons/dragAndDrop/styles.css';
import { Alert, Badge, Button, Chip, Group, Select, Skeleton, Title, useMantineTheme, VisuallyHidden } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import dayjs from 'dayjs';
import 'dayjs/locale/en-gb';
import 'dayjs/locale/en-au';
import { type CSSProperties, createContext, useContext, useMemo, useState } from 'react';
import { Calendar, type DateHeaderProps, dayjsLocalizer, type EventProps, type HeaderProps, type ShowMoreProps, type View, Views } from 'react-big-calendar';
import type { EventInteractionArgs } from 'react-big-calendar/lib/addons/dragAndDrop';
import * as dragAndDrop from 'react-big-calendar/lib/addons/dragAndDrop';
import { isProblem } from '../api/problem';
import { useShopFormat } from '../format/use-shop-format';
import { pipelineOfKind, pipelines } from '../pipelines';
import { staffQuery } from '../settings/staff-api';
import { AppointmentModal } from './AppointmentModal';
import { timeSaid, whenSaid } from './appointment-draft';
import classes from './CalendarPage.module.css';
import { type Appointment, type AppointmentChange, type CalendarJob, calendarQuery, changeAppointment, kindLabel, moveDueDate } from './calendar-api';
import { FeedModal } from './FeedModal';
import { NewAppointmentModal } from './NewAppointmentModal';

const localizer = dayjsLocalizer(dayjs);

/**
 * One event on the grid: a job's due date (all day), an appointment (timed), or, in a phone's month, a day's
 * marker standing for all of that day's.
 */
type CalendarEvent =
  | { type: 'job'; id: string; title: string; start: Date; end: Date; allDay: true; job: CalendarJob }
  | { type: 'appointment'; id: string; title: string; start: Date; end: Date; allDay: false; appointment: Appointment }
  | { type: 'day'; id: string; title: string; start: Date; end: Date; allDay: true; count: number; late: boolean; said: string };

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

const counted = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * A phone's month, one marker a day: a month cell there is a thumb wide, and the chips in it showed "B-0…".
 * The marker shows how many; what the day holds is said by its date's button, and either opens the day.
 */
function markersOf(events: readonly CalendarEvent[]): CalendarEvent[] {
  const byDay = new Map<string, CalendarEvent[]>();
  for (const e of events) byDay.set(dayOf(e.start), [...(byDay.get(dayOf(e.start)) ?? []), e]);
  return [...byDay].map(([day, on]) => {
    const due = on.filter((e) => e.type === 'job');
    const late = due.filter((e) => e.job.overdue).length;
    const booked = on.length - due.length;
    const said = [
      due.length > 0 && `${counted(due.length, 'job due', 'jobs due')}${late > 0 ? ` (${late} late)` : ''}`,
      booked > 0 && counted(booked, 'appointment', 'appointments'),
    ]
      .filter(Boolean)
      .join(', ');
    const start = dayAt(day);
    return {
      type: 'day',
      id: day,
      title: `${dayjs(start).format('D MMMM')}: ${said}`,
      start,
      end: start,
      allDay: true,
      count: on.length,
      late: late > 0,
      said,
    };
  });
}

/** The days a view of a date covers: a month's six weeks, a week, a day, or the agenda's month ahead. */
function rangeOf(view: View, date: Date) {
  const d = dayjs(date);
  if (view === Views.MONTH) return { from: dayOf(d.startOf('month').startOf('week').toDate()), to: dayOf(d.endOf('month').endOf('week').toDate()) };
  if (view === Views.WEEK) return { from: dayOf(d.startOf('week').toDate()), to: dayOf(d.endOf('week').toDate()) };
  if (view === Views.DAY) return { from: dayOf(d.toDate()), to: dayOf(d.toDate()) };
  return { from: dayOf(d.toDate()), to: dayOf(d.add(30, 'day').toDate()) };
}

/**
 * Where the agenda starts when it is chosen: at the first day of what was being looked at (the week's
 * Monday, the month's first), not at whichever day of it the calendar last stepped to.
 */
function agendaStart(view: View, date: Date): Date {
  if (view === Views.WEEK) return dayjs(date).startOf('week').toDate();
  if (view === Views.MONTH) return dayjs(date).startOf('month').toDate();
  return date;
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
  dayHeaderFormat: 'dddd D MMMM',
  timeGutterFormat: 'HH:mm',
  eventTimeRangeFormat: (r: Range) => `${dayjs(r.start).format('HH:mm')}–${dayjs(r.end).format('HH:mm')}`,
  dateFormat: 'D',
};
const usFormats = { dateFormat: 'D' };

/** Where the week and day views open: the working morning, not midnight (the hours before stay a scroll away). */
const morning = new Date(1970, 0, 1, 8, 0, 0);

/** An appointment this short has room for one line in the week and the day: its title, not its times. */
const isShort = (e: CalendarEvent) => e.type === 'appointment' && e.end.getTime() - e.start.getTime() <= 45 * 60_000;

/** Appointments move (and change length) on the grid of hours; a job's due date moves in any view. */
const onTheHours = (view: View) => view === Views.WEEK || view === Views.DAY;

/** What a refusal says, in the words of the field it names when there is one. */
const refusal = (e: unknown, fallback: string) => (isProblem(e) ? (e.errors[0]?.message ?? e.message) : fallback);

function EventLabel({ event }: EventProps<CalendarEvent>) {
  if (event.type === 'day') {
    // Not a button: the library's month row may hold no controls (its date's button is the one to reach it by).
    return (
      <span className={classes.marker} data-marker={event.id} aria-hidden>
        <span className={classes.dot} data-late={event.late || undefined} />
        {event.count}
      </span>
    );
  }
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

/** What each day holds, said by its date in a phone's month, where the day's marker shows a number alone. */
const DaySaid = createContext<ReadonlyMap<string, string>>(new Map());

/** The date in each month cell carries its full date, so a test (or a screen reader) can find the day. */
function DateHeader({ label, date, onDrillDown }: DateHeaderProps) {
  const full = dayjs(date).format('D MMMM YYYY');
  const said = useContext(DaySaid).get(dayOf(date));
  return (
    <button type="button" className="rbc-button-link" data-day={dayOf(date)} aria-label={said ? `${full}: ${said}` : full} onClick={onDrillDown}>
      {label}
    </button>
  );
}

/** Opens a day's own view: what "+N more" does where a month is too narrow for the library's popup. */
const OpenDay = createContext<(date: Date) => void>(() => undefined);

/** "+2 more", named for its day (a screen reader heard "+2 more" in every crowded cell alike). */
function ShowMoreDay({ slotDate, count }: ShowMoreProps<CalendarEvent>) {
  const openDay = useContext(OpenDay);
  return (
    <button type="button" className="rbc-button-link rbc-show-more" onClick={() => openDay(slotDate)}>
      +{count} more<VisuallyHidden> on {dayjs(slotDate).format('D MMMM')}</VisuallyHidden>
    </button>
  );
}

/**
 * A column's head in the week and the day: the weekday and the date, one above the other on a phone, where a
 * column is a thumb wide ("Thu 1" was all that showed of Thursday the 10th).
 */
function DayHead({ date }: HeaderProps) {
  return (
    <span className={classes.dayHead}>
      <span>{dayjs(date).format('ddd')}</span> <span>{dayjs(date).format('D')}</span>
    </span>
  );
}

/** `/workshop/calendar`: every pipeline's due dates and the appointments, by month, week or agenda. */
export function CalendarPage() {
  const fmt = useShopFormat();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { breakpoints } = useMantineTheme();
  // Read at once, not after a first paint: the view a phone opens on depends on it.
  const narrow = useMediaQuery(`(max-width: ${breakpoints.sm})`, false, { getInitialValueInEffect: false });
  const phone = useMediaQuery(`(max-width: ${breakpoints.xs})`, false, { getInitialValueInEffect: false });
  // A phone opens on the agenda (what is due and booked from today, readable in a column); the view
  // someone picks stays theirs, whatever the width does afterwards.
  const [chosen, setView] = useState<View | null>(null);
  const view = chosen ?? (phone ? Views.AGENDA : Views.MONTH);
  const [date, setDate] = useState(() => dayAt(fmt.today()));
  const openDay = (day: Date) => {
    setView(Views.DAY);
    setDate(day);
  };
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
  const onGrid = useMemo(() => (phone && view === Views.MONTH ? markersOf(events) : events), [events, phone, view]);
  const daySaid = useMemo(() => new Map(onGrid.flatMap((e) => (e.type === 'day' ? [[e.id, e.said] as const] : []))), [onGrid]);

  const move = useMutation({
    mutationFn: ({ id, dueDate }: { id: string; dueDate: string }) => moveDueDate(id, dueDate),
    onSuccess: (answer) => {
      if (answer.moved) notifications.show({ color: 'teal', message: `${answer.job.reference} now due ${fmt.date(answer.job.dueDate)}` });
    },
    onError: (e) => notifications.show({ color: 'red', message: isProblem(e) ? e.message : 'The due date could not be moved' }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['jobs'] }),
  });

  const reschedule = useMutation({
    mutationFn: ({ appointment, change }: { appointment: Appointment; change: AppointmentChange }) => changeAppointment(appointment.id, change),
    onSuccess: (after) => {
      const what = `${kindLabel(after.kind)}: ${after.customer.name}`;
      notifications.show({
        color: after.overlaps.length > 0 ? 'orange' : 'teal',
        title: after.overlaps.length > 0 ? `Moved, but it overlaps another appointment of ${after.staff?.name ?? 'theirs'}` : undefined,
        message: `${what}, ${whenSaid(fmt, after.startsAt)} to ${timeSaid(fmt, after.endsAt)}`,
      });
    },
    onError: (e) => notifications.show({ color: 'red', message: refusal(e, 'The appointment could not be moved') }),
    onSettled: async (_after, _e, { appointment }) => {
      await queryClient.invalidateQueries({ queryKey: ['jobs', 'calendar'] });
      if (appointment.job) await queryClient.invalidateQueries({ queryKey: [appointment.job.kind, 'detail', appointment.job.id] });
    },
  });

  /** An appointment dragged to another time, or its end dragged: shown there at once, then saved (a refusal puts it back). */
  const onReschedule = ({ event, start, end, isAllDay }: EventInteractionArgs<CalendarEvent>) => {
    if (event.type !== 'appointment' || isAllDay) return;
    const from = new Date(start);
    const to = new Date(end);
    if (from.getTime() === event.start.getTime() && to.getTime() === event.end.getTime()) return;
    const startsAt = from.toISOString();
    const endsAt = to.toISOString();
    const durationMinutes = Math.round((to.getTime() - from.getTime()) / 60_000);
    queryClient.setQueryData(calendarQuery(filter).queryKey, (old) =>
      old ? { ...old, appointments: old.appointments.map((a) => (a.id === event.id ? { ...a, startsAt, endsAt, durationMinutes } : a)) } : old,
    );
    reschedule.mutate({ appointment: event.appointment, change: { startsAt, durationMinutes } });
  };

  const onDrop = (args: EventInteractionArgs<CalendarEvent>) => {
    const { event, start } = args;
    if (event.type === 'day') return;
    if (event.type === 'appointment') {
      onReschedule(args);
      return;
    }
    const dueDate = dayOf(new Date(start));
    if (dueDate === event.job.dueDate) return;
    // Shown at once where it was dropped; the answer (or a refusal) settles it.
    queryClient.setQueryData(calendarQuery(filter).queryKey, (old) =>
      old ? { ...old, jobs: old.jobs.map((j) => (j.id === event.id ? { ...j, dueDate } : j)) } : old,
    );
    move.mutate({ id: event.id, dueDate });
  };

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
        <Skeleton h={narrow ? 480 : 720} aria-label="Loading the calendar" />
      ) : (
        <div className={classes.grid} data-view={view} data-loaded={calendar.isSuccess ? 'true' : 'false'}>
          <OpenDay.Provider value={openDay}>
            <DaySaid.Provider value={daySaid}>
              <DnDCalendar
                localizer={localizer}
                events={onGrid}
                view={view}
                onView={(next) => {
                  if (next === Views.AGENDA && view !== Views.AGENDA) setDate(agendaStart(view, date));
                  setView(next);
                }}
                date={date}
                onNavigate={setDate}
                views={[Views.MONTH, Views.WEEK, Views.DAY, Views.AGENDA]}
                popup={!narrow}
                selectable={false}
                resizable
                draggableAccessor={(e) => e.type === 'job' || (e.type === 'appointment' && onTheHours(view))}
                resizableAccessor={(e) => e.type === 'appointment' && onTheHours(view)}
                onEventDrop={onDrop}
                onEventResize={onReschedule}
                scrollToTime={morning}
                onSelectEvent={(e) => {
                  if (e.type === 'job') void navigate({ to: e.job.path });
                  else if (e.type === 'appointment') setOpened(e.appointment);
                  else openDay(e.start);
                }}
                eventPropGetter={(e) => {
                  if (e.type === 'day') return { className: classes.markerEvent };
                  // Dark words on the pipeline's tint, marked by a bar of its colour: white on teal, orange
                  // or lime was under 4.5:1. A late job's bar and border are red.
                  const colour = e.type === 'job' ? colourOf(e.job.kind) : 'gray';
                  const late = e.type === 'job' && e.job.overdue;
                  return {
                    className: late ? classes.overdue : e.type === 'job' ? classes.job : isShort(e) ? classes.short : undefined,
                    style: {
                      background: `var(--mantine-color-${colour}-1)`,
                      color: 'var(--mantine-color-dark-8)',
                      border: late ? '2px solid var(--mantine-color-red-7)' : `1px solid var(--mantine-color-${colour}-3)`,
                      '--event-bar': `var(--mantine-color-${colour}-6)`,
                    } as CSSProperties,
                  };
                }}
                components={{
                  event: EventLabel,
                  month: { dateHeader: DateHeader },
                  week: { header: DayHead },
                  day: { header: DayHead },
                  ...(narrow ? { showMore: ShowMoreDay } : {}),
                }}
                length={30}
                culture={culture}
                formats={formats}
                style={{ height: narrow ? 560 : 760 }}
                messages={{ agenda: 'Agenda', month: 'Month', week: 'Week', day: 'Day', noEventsInRange: 'Nothing due and no appointments in these days.' }}
              />
            </DaySaid.Provider>
          </OpenDay.Provider>
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
      {opened && <AppointmentModal key={opened.id} appointment={opened} onClose={() => setOpened(null)} />}
    </div>
  );
}
