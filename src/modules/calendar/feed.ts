import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { jobs } from '../../db/schema/index.js';
import type { Clock } from '../../domain/clock.js';
import { pipelineOf, pipelines } from '../jobs/registry.js';
import { dateValue, IcsLines, utcDateTime, wallClockIn } from './ics.js';
import * as q from './queries.js';
import { dayIn, startOfDayIn } from './service.js';
import { appointmentTitle } from './words.js';

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

/** A stable UID per Loupe record: calendar apps update an event they have rather than add another. */
export const jobUid = (id: string) => `job-${id}@loupe`;
export const appointmentUid = (id: string) => `appointment-${id}@loupe`;

/**
 * One member's calendar feed as iCalendar (RFC 5545): every pipeline's due dates as all-day events
 * on the shop's calendar day, and appointments at their times in the shop's time zone (with its
 * VTIMEZONE). Customers appear by name only: no e-mail, phone or address.
 */
export async function feedCalendar(deps: { db: Database; clock: Clock; config: { publicUrl: string } }, feed: { shopId: string; id: string }) {
  const found = await deps.db.tenant(feed.shopId, async (tx) => {
    const settings = await q.feedRow(tx, feed.shopId, feed.id);
    if (!settings) throw new Error('feed vanished');
    const shop = await q.shopTimeZone(tx, feed.shopId);
    const today = dayIn(shop.timeZone, deps.clock.now());
    const from = addDays(today, -FEED_DAYS_BACK);
    const to = addDays(today, FEED_DAYS_AHEAD);
    const dueJobs = settings.includeJobs ? await q.selectFeedJobs(tx, feed.shopId, { from, to, excluded: archived }) : [];
    const appointments = settings.includeAppointments
      ? await q.selectFeedAppointments(tx, feed.shopId, {
          after: startOfDayIn(shop.timeZone, from),
          before: startOfDayIn(shop.timeZone, to),
          staffId: settings.onlyMine ? settings.userId : undefined,
        })
      : [];
    return { shop, dueJobs, appointments };
  });
  const { shop, dueJobs, appointments } = found;
  const zone = shop.timeZone;
  const vtimezone = getVtimezoneComponent(zone);
  // A zone the tz database has no VTIMEZONE for: appointments go out in UTC, which every app reads.
  const local = vtimezone ? wallClockIn(zone) : undefined;
  const stamp = utcDateTime(deps.clock.now());
  // The staff app's address for a job, made once: a URL object per event is measurable at 10,000 events.
  const origin = new URL(deps.config.publicUrl).origin;
  const ics = new IcsLines()
    .raw('BEGIN', 'VCALENDAR')
    .raw('VERSION', '2.0')
    .raw('PRODID', '-//Loupe//Workshop calendar//EN')
    .text('NAME', `${shop.name} — workshop`)
    .text('X-WR-CALNAME', `${shop.name} — workshop`);
  if (vtimezone) ics.block(vtimezone).raw('X-WR-TIMEZONE', zone);
  ics.raw('REFRESH-INTERVAL;VALUE=DURATION', 'PT15M').raw('X-PUBLISHED-TTL', 'PT15M');
  for (const j of dueJobs) {
    const pipeline = pipelineOf(j.kind);
    if (!pipeline || !j.dueDate) continue;
    const stage = pipeline.def.labels[j.stage] ?? j.stage;
    ics
      .raw('BEGIN', 'VEVENT')
      .text('UID', jobUid(j.id))
      .raw('SEQUENCE', String(j.version))
      .raw('DTSTAMP', stamp)
      .raw('LAST-MODIFIED', utcDateTime(j.updatedAt))
      .raw('DTSTART;VALUE=DATE', dateValue(j.dueDate))
      .text('SUMMARY', `Due: ${j.reference} ${j.title}`)
      .text('DESCRIPTION', `${pipeline.noun[0]?.toUpperCase()}${pipeline.noun.slice(1)} · ${stage}`)
      .raw('URL;VALUE=URI', `${origin}${pipeline.staffPath}/${j.id}`)
      .raw('TRANSP', 'TRANSPARENT')
      .raw('END', 'VEVENT');
  }
  for (const a of appointments) {
    const end = new Date(a.startsAt.getTime() + a.durationMinutes * 60_000);
    const description = [a.staffName ? `With ${a.staffName}` : null, a.note].filter(Boolean).join('\n');
    ics.raw('BEGIN', 'VEVENT').text('UID', appointmentUid(a.id)).raw('SEQUENCE', '0').raw('DTSTAMP', stamp).raw('LAST-MODIFIED', utcDateTime(a.updatedAt));
    if (local) ics.raw(`DTSTART;TZID=${zone}`, local(a.startsAt)).raw(`DTEND;TZID=${zone}`, local(end));
    else ics.raw('DTSTART', utcDateTime(a.startsAt)).raw('DTEND', utcDateTime(end));
    ics.text('SUMMARY', `${appointmentTitle(a.kind, a.customerName)}${a.jobReference ? ` (${a.jobReference})` : ''}`);
    if (description) ics.text('DESCRIPTION', description);
    ics.raw('END', 'VEVENT');
  }
  return ics.raw('END', 'VCALENDAR').toBuffer();
}
