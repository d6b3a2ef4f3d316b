import type { SyncSubject } from './queue.js';

/** What Loupe wants on a calendar for one of its records: a job's due day, or an appointment's hour. */
export type CalendarEvent = {
  subject: SyncSubject;
  summary: string;
  description: string | null;
  url: string | null;
  /** The job's row version: calendar apps take the higher one as newer. */
  sequence: number;
} & ({ allDay: true; date: string } | { allDay: false; start: Date; end: Date; timeZone: string });

/** A Loupe event found on a calendar: whose it is and when it says. */
export interface RemoteEvent {
  subject: SyncSubject;
  /** `YYYY-MM-DD` of an all-day event; the start instant (ISO) of a timed one. */
  when: string;
}

/**
 * Why a push did not land. `permanent`: trying again will not help (a refused password, a calendar
 * that is not one); `revoked`: the grant is gone, the connection stops until it is made again.
 */
export class SyncError extends Error {
  constructor(
    message: string,
    readonly options: { permanent?: boolean; revoked?: boolean } = {},
  ) {
    super(message);
    this.name = 'SyncError';
  }
}

/**
 * A calendar Loupe pushes to. Every call is idempotent by the record's own id: a `put` after a `put`
 * leaves one event, a `remove` of an event that is not there is done.
 */
export interface CalendarProvider {
  put(event: CalendarEvent, signal: AbortSignal): Promise<void>;
  remove(subject: SyncSubject, signal: AbortSignal): Promise<void>;
  /** Every Loupe event on the calendar. */
  list(signal: AbortSignal): Promise<RemoteEvent[]>;
  /** Reaches the calendar and proves the credentials, or throws a SyncError saying what is wrong. */
  check(signal: AbortSignal): Promise<void>;
}

/** The record an event name (CalDAV file name or Google event id, lower case hex without dashes) stands for. */
const uuidOf = (hex: string) => `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;

/** Google event ids allow only base32hex (0-9, a-v): "loupe", the kind and the id's hex digits all are. */
export const eventName = (s: SyncSubject) => `loupe${s.kind === 'job' ? 'job' : 'appt'}${s.id.replace(/-/g, '').toLowerCase()}`;

export function subjectOfName(name: string): SyncSubject | null {
  const m = /^loupe(job|appt)([0-9a-f]{32})$/.exec(name);
  if (!m?.[1] || !m[2]) return null;
  return { kind: m[1] === 'job' ? 'job' : 'appointment', id: uuidOf(m[2]) };
}
