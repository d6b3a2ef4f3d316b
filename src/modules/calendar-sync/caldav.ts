import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';
import ical, { ICalEventTransparency } from 'ical-generator';
import { deleteObject, fetchCalendarObjects, getBasicAuthHeaders, propfind, updateObject } from 'tsdav';
import { OutboundError } from '../../net/outbound-guard.js';
import { type CalendarEvent, type CalendarProvider, eventName, type RemoteEvent, SyncError, subjectOfName } from './provider.js';
import type { SyncSubject } from './queue.js';

dayjs.extend(utc);
dayjs.extend(timezone);

export interface CalDavSettings {
  /** The calendar collection's URL. */
  url: string;
  username: string;
  password: string;
}

/** The calendar collection's URL, ending in a slash so event names resolve inside it. */
export const collectionUrl = (url: string) => (url.endsWith('/') ? url : `${url}/`);

/** The iCalendar body of one event: the same shape as the ICS feed's (all-day due dates, timed appointments in the shop's zone). */
export function eventIcs(e: CalendarEvent, now: Date): string {
  const cal = ical({
    prodId: { company: 'Loupe', product: 'Workshop calendar', language: 'EN' },
    ...(e.allDay ? {} : { timezone: { name: e.timeZone, generator: getVtimezoneComponent } }),
  });
  const common = {
    id: `${eventName(e.subject)}@loupe`,
    sequence: e.sequence,
    stamp: dayjs.utc(now).tz('UTC'),
    summary: e.summary,
    description: e.description,
    url: e.url,
  };
  if (e.allDay) {
    cal.createEvent({ ...common, allDay: true, start: dayjs.utc(e.date), transparency: ICalEventTransparency.TRANSPARENT });
  } else {
    const start = dayjs.utc(e.start).tz(e.timeZone);
    cal.createEvent({ ...common, start, end: dayjs.utc(e.end).tz(e.timeZone), timezone: e.timeZone });
  }
  return cal.toString().replace(/^(DTSTAMP):(\d{8}T\d{6})(?=\r?$)/gm, '$1:$2Z');
}

/** What an answer means for the push: done, or a SyncError that says whether another try can help. */
function judge(res: Response, what: string, absentIsDone: boolean) {
  if (res.ok || (absentIsDone && (res.status === 404 || res.status === 410))) return;
  if (res.status === 401 || res.status === 403)
    throw new SyncError(`The calendar refused the user name or app password (${res.status} on ${what})`, { permanent: true });
  if (res.status === 404) throw new SyncError(`There is no calendar at that address (404 on ${what})`, { permanent: true });
  throw new SyncError(`The calendar answered ${res.status} ${res.statusText} to ${what}`);
}

/** Network failures in the words a shop is shown: the guard's reason stays in the log. */
async function reaching<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof SyncError) throw err;
    if (err instanceof OutboundError) {
      console.error('calendar sync (CalDAV):', err.message);
      throw new SyncError(
        err.kind === 'redirect' ? 'The calendar address redirects elsewhere: give the address it redirects to' : 'Loupe could not reach the calendar server',
        { permanent: err.kind === 'redirect' },
      );
    }
    throw err;
  }
}

/** A CalDAV calendar (Apple iCloud, Fastmail, Nextcloud, Radicale): one `loupe…​.ics` object per record, PUT whole. */
export class CalDavProvider implements CalendarProvider {
  private readonly base: string;
  private readonly headers: Record<string, string>;

  constructor(
    settings: CalDavSettings,
    private readonly fetch: typeof globalThis.fetch,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.base = collectionUrl(settings.url);
    this.headers = getBasicAuthHeaders({ username: settings.username, password: settings.password });
  }

  private href(subject: SyncSubject) {
    return new URL(`${eventName(subject)}.ics`, this.base).toString();
  }

  put(event: CalendarEvent, signal: AbortSignal): Promise<void> {
    return reaching(async () => {
      signal.throwIfAborted();
      const res = await updateObject({
        url: this.href(event.subject),
        data: eventIcs(event, this.clock()),
        headers: { ...this.headers, 'content-type': 'text/calendar; charset=utf-8' },
        fetch: this.fetch,
      });
      judge(res, 'PUT', false);
    });
  }

  remove(subject: SyncSubject, signal: AbortSignal): Promise<void> {
    return reaching(async () => {
      signal.throwIfAborted();
      judge(await deleteObject({ url: this.href(subject), headers: this.headers, fetch: this.fetch }), 'DELETE', true);
    });
  }

  list(signal: AbortSignal): Promise<RemoteEvent[]> {
    return reaching(async () => {
      signal.throwIfAborted();
      const objects = await fetchCalendarObjects({ calendar: { url: this.base }, headers: this.headers, fetch: this.fetch });
      const found: RemoteEvent[] = [];
      for (const o of objects) {
        const name = decodeURIComponent(new URL(o.url, this.base).pathname.split('/').pop() ?? '').replace(/\.ics$/, '');
        const subject = subjectOfName(name);
        if (!subject) continue;
        const data = typeof o.data === 'string' ? o.data : '';
        const start = /^DTSTART(?:;[^:\r\n]*)?:(\d{8})(T\d{6}Z?)?/m.exec(data);
        const day = start?.[1] ? `${start[1].slice(0, 4)}-${start[1].slice(4, 6)}-${start[1].slice(6, 8)}` : '';
        found.push({ subject, when: day });
      }
      return found;
    });
  }

  check(signal: AbortSignal): Promise<void> {
    return reaching(async () => {
      signal.throwIfAborted();
      const [answer] = await propfind({
        url: this.base,
        props: { 'd:resourcetype': {} },
        depth: '0',
        headers: this.headers,
        fetch: this.fetch,
      });
      if (!answer) throw new SyncError('The calendar server gave no answer about that address');
      if (answer.status === 401 || answer.status === 403) throw new SyncError('The calendar refused the user name or app password', { permanent: true });
      if (!answer.ok) throw new SyncError(`There is no calendar at that address (${answer.status})`, { permanent: true });
      const type = JSON.stringify(answer.props?.resourcetype ?? {});
      if (!/calendar/i.test(type))
        throw new SyncError('That address is a folder, not a calendar: give the address of the calendar itself', { permanent: true });
    });
  }
}
