import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import type { SyncSubjectKind } from '../../db/schema/index.js';

export interface SyncSubject {
  kind: SyncSubjectKind;
  id: string;
}

/**
 * The one way a change reaches the shop's calendars: called inside the transaction that changed a
 * job's due date or stage, or an appointment, it marks that record for every connected calendar.
 * A record already waiting stays one row; one being pushed gets a new generation, so the sender
 * pushes again after it. Nothing is written when the shop has no calendar connected.
 */
export async function queueCalendarSync(tx: Tx, shopId: string, subject: SyncSubject): Promise<void> {
  await tx.execute(sql`
    insert into calendar_sync_queue as q (shop_id, provider, subject_kind, subject_id)
    select c.shop_id, c.provider, ${subject.kind}, ${subject.id}::uuid
    from calendar_connections c
    where c.shop_id = ${shopId} and c.state = 'active'
      -- A job that never had a date and was never pushed has nothing to say to a calendar.
      and (${subject.kind} <> 'job'
        or exists (select 1 from jobs j where j.shop_id = c.shop_id and j.id = ${subject.id}::uuid and j.due_date is not null)
        or exists (select 1 from calendar_sync_queue e
                   where e.shop_id = c.shop_id and e.provider = c.provider and e.subject_kind = 'job' and e.subject_id = ${subject.id}::uuid))
    on conflict (shop_id, provider, subject_kind, subject_id) do update set
      generation = q.generation + 1,
      status = case when q.status = 'sending' then 'sending' else 'pending' end,
      attempts = case when q.status = 'sending' then q.attempts else 0 end,
      available_at = case when q.status = 'sending' then q.available_at else now() end,
      last_error = null`);
}

/** Every job with a due date and every appointment of the shop, queued for one provider: "Sync now", and a new connection. */
export async function queueEverything(tx: Tx, shopId: string, provider: string): Promise<number> {
  const res = (await tx.execute(sql`
    with subjects as (
      select 'job' as kind, id from jobs where shop_id = ${shopId} and due_date is not null
      union all
      select 'appointment', id from appointments where shop_id = ${shopId}
      union all
      select subject_kind, subject_id from calendar_sync_queue where shop_id = ${shopId} and provider = ${provider}
    )
    insert into calendar_sync_queue as q (shop_id, provider, subject_kind, subject_id)
    select distinct ${shopId}::uuid, ${provider}, kind, id from subjects
    on conflict (shop_id, provider, subject_kind, subject_id) do update set
      generation = q.generation + 1,
      status = case when q.status = 'sending' then 'sending' else 'pending' end,
      attempts = case when q.status = 'sending' then q.attempts else 0 end,
      available_at = case when q.status = 'sending' then q.available_at else now() end,
      last_error = null
    returning 1`)) as unknown as { rows: unknown[] };
  return res.rows.length;
}

/** Records found on the calendar that Loupe does not know it pushed: queued, so the sender removes what should not be there. */
export async function queueSubjects(tx: Tx, shopId: string, provider: string, subjects: readonly SyncSubject[]): Promise<void> {
  for (const s of subjects) {
    await tx.execute(sql`
      insert into calendar_sync_queue (shop_id, provider, subject_kind, subject_id)
      values (${shopId}, ${provider}, ${s.kind}, ${s.id}::uuid)
      on conflict (shop_id, provider, subject_kind, subject_id) do nothing`);
  }
}
