import dayjs from 'dayjs';
import type { ShopFormat } from '../format/shop-format';
import type { Appointment, AppointmentChange, AppointmentKind, NewAppointment } from './calendar-api';

/** Who (and what) the appointment is with when it is made from their page: fixed in the form. */
export interface AppointmentFor {
  customer: { id: string; name: string };
  job?: { id: string; reference: string; title: string };
}

/** The appointment form as typed: the start in the browser's local time, as the person at the bench reads it. */
export interface AppointmentDraft {
  kind: AppointmentKind;
  customerId: string | null;
  jobId: string | null;
  staffId: string | null;
  /** `YYYY-MM-DDTHH:mm`, in the browser's wall time. */
  start: string;
  duration: number;
  note: string;
  sendConfirmation: boolean;
  remindCustomer: boolean;
}

export const blankDraft = (day: string, about?: AppointmentFor): AppointmentDraft => ({
  kind: 'consultation',
  customerId: about?.customer.id ?? null,
  jobId: about?.job?.id ?? null,
  staffId: null,
  start: `${day}T10:00`,
  duration: 30,
  note: '',
  sendConfirmation: false,
  remindCustomer: false,
});

export const localInputOf = (at: Date | string) => dayjs(at).format('YYYY-MM-DDTHH:mm');

/** A draft's start as the date picker holds it (`YYYY-MM-DD HH:mm:ss`), or nothing while it is not a time. */
export const pickedOf = (start: string) => (dayjs(start).isValid() ? dayjs(start).format('YYYY-MM-DD HH:mm:ss') : null);

const written = new Map<string, Intl.DateTimeFormat>();

/** "Sat 12 Dec 2026, 10:00" (or "Sat, Dec 12, 2026, 10:00 AM"): a draft's start as the shop writes it, at the wall time typed. */
export function startWritten(locale: string, start: string): string {
  let f = written.get(locale);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: 'numeric', minute: '2-digit' });
    written.set(locale, f);
  }
  return f.format(dayjs(start).toDate());
}

/** Whether the shop's locale tells the time by a twelve-hour clock (en-US, en-AU) or a 24-hour one (en-GB). */
export const usesTwelveHours = (locale: string) => new Intl.DateTimeFormat(locale, { hour: 'numeric' }).resolvedOptions().hour12 === true;

/** The form filled in with an appointment as it stands. */
export const draftOf = (a: Appointment): AppointmentDraft => ({
  kind: a.kind,
  customerId: a.customer.id,
  jobId: a.job?.id ?? null,
  staffId: a.staff?.id ?? null,
  start: localInputOf(a.startsAt),
  duration: a.durationMinutes,
  note: a.note ?? '',
  sendConfirmation: false,
  remindCustomer: a.remindCustomer,
});

/** The start as an instant; what cannot be read goes as typed, for the server's field error to name. */
const startsAtOf = (start: string) => (Number.isNaN(new Date(start).getTime()) ? start : new Date(start).toISOString());

/** When the appointment ends, as `HH:mm`, or nothing while the start or length is not yet a time. */
export function endOf(d: AppointmentDraft): string | null {
  const start = dayjs(d.start);
  if (!start.isValid() || !(d.duration > 0)) return null;
  return start.add(d.duration, 'minute').format('HH:mm');
}

export const newAppointmentOf = (d: AppointmentDraft): NewAppointment => ({
  kind: d.kind,
  customerId: d.customerId ?? '',
  jobId: d.jobId,
  staffId: d.staffId,
  startsAt: startsAtOf(d.start),
  durationMinutes: d.duration,
  note: d.note.trim() || null,
  sendConfirmation: d.sendConfirmation,
  remindCustomer: d.remindCustomer,
});

/**
 * What the form changes of the appointment, and nothing else: a note's change then leaves the job and
 * the reminder be, and a job since closed is not checked again.
 */
export function changesOf(a: Appointment, d: AppointmentDraft): AppointmentChange {
  const was = draftOf(a);
  const change: AppointmentChange = {};
  if (d.kind !== was.kind) change.kind = d.kind;
  if (d.customerId !== was.customerId && d.customerId !== null) change.customerId = d.customerId;
  if (d.jobId !== was.jobId) change.jobId = d.jobId;
  if (d.staffId !== was.staffId) change.staffId = d.staffId;
  if (d.start !== was.start) change.startsAt = startsAtOf(d.start);
  if (d.duration !== was.duration) change.durationMinutes = d.duration;
  if (d.note.trim() !== was.note.trim()) change.note = d.note.trim() || null;
  if (d.remindCustomer !== was.remindCustomer) change.remindCustomer = d.remindCustomer;
  if (d.sendConfirmation) change.sendConfirmation = true;
  return change;
}

const spoken = new Map<string, Intl.DateTimeFormat>();

function saying(fmt: Pick<ShopFormat, 'locale' | 'timeZone'>, what: 'when' | 'time'): Intl.DateTimeFormat {
  const key = `${fmt.locale}|${fmt.timeZone}|${what}`;
  let f = spoken.get(key);
  if (!f) {
    const time = { hour: 'numeric', minute: '2-digit' } as const;
    f = new Intl.DateTimeFormat(fmt.locale, {
      timeZone: fmt.timeZone,
      ...time,
      ...(what === 'when' ? { weekday: 'long', day: 'numeric', month: 'long' } : {}),
    });
    spoken.set(key, f);
  }
  return f;
}

/** "Thursday 14 May at 15:00": a day and time as said to a customer on the phone, in the shop's time zone. */
export const whenSaid = (fmt: Pick<ShopFormat, 'locale' | 'timeZone'>, iso: string) => saying(fmt, 'when').format(new Date(iso));

/** "15:30" (or "3:30 PM"), in the shop's time zone. */
export const timeSaid = (fmt: Pick<ShopFormat, 'locale' | 'timeZone'>, iso: string) => saying(fmt, 'time').format(new Date(iso));
