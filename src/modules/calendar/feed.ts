import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';
import { sql } from 'drizzle-orm';
import ical, { ICalEventTransparency } from 'ical-generator';
import type { Database } from '../../db/client.js';
import { jobs } from '../../db/schema/index.js';
import type { Clock } from '../../domain/clock.js';
import { pipelineOf, pipelines } from '../jobs/registry.js';
import * as q from './queries.js';
import { dayIn, startOfDayIn } from './service.js';

dayjs.extend(utc);
dayjs.extend(timezone);

/** How far the feed reaches: back, for what was due lately, and forward. */
export const FEED_DAYS_BACK = 60;
export const FEED_DAYS_AHEAD = 400;

/** Every pipeline's archived stages: work done with leaves the feed. */
const archived = sql.join(
  pipelines.map(
    (p) =>
      sql`(${jobs.kind} = ${p.kind} and ${jobs.stage} in (${sql.join(
        p.def.archived.map((s) => sql`${s}`),
        sql`, `,
      )}))`,
  ),
  sql` or `,
);

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

const appointmentWords: Record<string, string> = {
  consultation: 'Consultation',
  fitting: 'Fitting',
  collection: 'Collection',
  valuation: 'Valuation',
};

/** A stable UID per Loupe record: calendar apps update an event they have rather than add another. */
export const jobUid = (id: string) => `job-${id}@loupe`;
export const appointmentUid = (id: string) => `appointment-${id}@loupe`;

/**
 * One member's calendar feed as iCalendar (RFC 5545): every pipeline's due dates as all-day events
 * on the shop's calendar day, and appointments at their times in the shop's time zone (with its
 * VTIMEZONE). Customers appear by name only: no e-mail, phone or address.
 */
export async function feedCalendar(deps: { db: Database; clock: Clock; config: { publicUrl: string } }, feed: { shopId: string; id: string }) {
  return deps.db.tenant(feed.shopId, async (tx) => {
    const settings = await q.feedRow(tx, feed.shopId, feed.id);
    if (!settings) throw new Error('feed vanished');
    const shop = await q.shopTimeZone(tx, feed.shopId);
    const zone = shop.timeZone;
    const now = deps.clock.now();
    const today = dayIn(zone, now);
    const from = addDays(today, -FEED_DAYS_BACK);
    const to = addDays(today, FEED_DAYS_AHEAD);
    const cal = ical({
      name: `${shop.name} — workshop`,
      prodId: { company: 'Loupe', product: 'Workshop calendar', language: 'EN' },
      timezone: { name: zone, generator: getVtimezoneComponent },
      ttl: 15 * 60,
    });
    // DTSTAMP is UTC by RFC 5545; given in the UTC zone, it is written as UTC's wall time, and marked so below.
    const stamp = dayjs.utc(now).tz('UTC');
    if (settings.includeJobs) {
      for (const j of await q.selectFeedJobs(tx, feed.shopId, { from, to, excluded: archived })) {
        const pipeline = pipelineOf(j.kind);
        if (!pipeline || !j.dueDate) continue;
        const stage = pipeline.def.labels[j.stage] ?? j.stage;
        cal.createEvent({
          id: jobUid(j.id),
          sequence: j.version,
          stamp,
          lastModified: dayjs.utc(j.updatedAt).tz('UTC'),
          allDay: true,
          start: dayjs.tz(j.dueDate, zone),
          summary: `Due: ${j.reference} ${j.title}`,
          description: `${pipeline.noun[0]?.toUpperCase()}${pipeline.noun.slice(1)} · ${stage}`,
          url: new URL(`${pipeline.staffPath}/${j.id}`, deps.config.publicUrl).toString(),
          transparency: ICalEventTransparency.TRANSPARENT,
        });
      }
    }
    if (settings.includeAppointments) {
      const rows = await q.selectFeedAppointments(tx, feed.shopId, {
        after: startOfDayIn(zone, from),
        before: startOfDayIn(zone, to),
        staffId: settings.onlyMine ? settings.userId : undefined,
      });
      for (const a of rows) {
        const start = dayjs.utc(a.startsAt).tz(zone);
        cal.createEvent({
          id: appointmentUid(a.id),
          stamp,
          lastModified: dayjs.utc(a.updatedAt).tz('UTC'),
          start,
          end: start.add(a.durationMinutes, 'minute'),
          timezone: zone,
          summary: `${appointmentWords[a.kind] ?? a.kind}: ${a.customerName}${a.jobReference ? ` (${a.jobReference})` : ''}`,
          description: [a.staffName ? `With ${a.staffName}` : null, a.note].filter(Boolean).join('\n') || null,
        });
      }
    }
    return cal.toString().replace(/^(DTSTAMP|LAST-MODIFIED):(\d{8}T\d{6})(?=\r?$)/gm, '$1:$2Z');
  });
}
