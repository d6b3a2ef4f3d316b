import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { pipelines } from '../jobs/registry.js';

/**
 * Queues a pickup reminder for each piece still on the ready shelf after each of its shop's
 * reminder intervals (default 7 and 14 days). The key names the ready entry and the interval,
 * so each reminder is queued once however often this runs.
 */
export async function queuePickupReminders(db: Database): Promise<void> {
  for (const { kind, def } of pipelines) {
    await db.raw.execute(sql`
      insert into outbox (shop_id, topic, job_kind, job_id, idempotency_key, payload)
      select j.shop_id, 'pickup_reminder', ${kind}::text, j.id,
             'pickup_reminder:' || ${kind}::text || ':' || h.id || ':' || d.days,
             jsonb_build_object('jobKind', ${kind}::text, 'jobId', j.id, 'reference', j.reference, 'days', d.days::int)
      from jobs j
      left join notification_settings s on s.shop_id = j.shop_id
      cross join lateral jsonb_array_elements_text(coalesce(s.reminder_days, '[7, 14]'::jsonb)) as d(days)
      join lateral (
        select id, at from job_stages h where h.job_id = j.id and h.stage = ${def.ready} order by h.seq desc limit 1
      ) h on true
      where j.kind = ${kind} and j.stage = ${def.ready}
        and coalesce((s.events ->> 'pickup_reminder')::boolean, true)
        and h.at <= now() - make_interval(days => d.days::int)
      on conflict (idempotency_key) do nothing`);
  }
}
