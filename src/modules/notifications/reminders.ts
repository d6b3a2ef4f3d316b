import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { pipelines } from '../jobs/registry.js';

/**
 * Queues a pickup reminder for each piece still on the ready shelf past one of its shop's reminder
 * intervals (default 7 and 14 days): one per interval, and only the latest interval passed, so a
 * piece that has passed two at once (the sender was down, the intervals changed) gets one reminder,
 * not two in the same minute. The key names the ready entry and the interval, so each reminder is
 * queued once however often this runs.
 */
export async function queuePickupReminders(db: Database, now: Date = new Date()): Promise<void> {
  const at = now.toISOString();
  for (const { kind, def } of pipelines) {
    await db.raw.execute(sql`
      insert into outbox (shop_id, topic, job_kind, job_id, idempotency_key, payload, available_at)
      select j.shop_id, 'pickup_reminder', ${kind}::text, j.id,
             'pickup_reminder:' || ${kind}::text || ':' || h.id || ':' || d.days,
             jsonb_build_object('jobKind', ${kind}::text, 'jobId', j.id, 'reference', j.reference, 'days', d.days),
             ${at}::timestamptz
      from jobs j
      left join notification_settings s on s.shop_id = j.shop_id
      join lateral (
        select id, at from job_stages h where h.job_id = j.id and h.stage = ${def.ready} order by h.seq desc limit 1
      ) h on true
      join lateral (
        select max(x.days::int) as days
        from jsonb_array_elements_text(coalesce(s.reminder_days, '[7, 14]'::jsonb)) as x(days)
        where h.at <= ${at}::timestamptz - make_interval(days => x.days::int)
      ) d on d.days is not null
      where j.kind = ${kind} and j.stage = ${def.ready}
        and coalesce((s.events ->> 'pickup_reminder')::boolean, true)
      on conflict (shop_id, idempotency_key) do nothing`);
  }
}
