import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { pipelineOf } from '../jobs/registry.js';
import type { CalendarEvent } from './provider.js';
import type { SyncSubject } from './queue.js';

const appointmentWords: Record<string, string> = {
  consultation: 'Consultation',
  fitting: 'Fitting',
  collection: 'Collection',
  valuation: 'Valuation',
};

async function rowsOf<T>(tx: Tx, query: ReturnType<typeof sql>) {
  return ((await tx.execute(query)) as unknown as { rows: T[] }).rows;
}

/**
 * The event a record should have on the shop's calendars now, or null when it should have none
 * (no due date, the job collected or cancelled, the appointment cancelled). The same words as the
 * ICS feed: customers by name only.
 */
export async function desiredEvent(tx: Tx, shopId: string, subject: SyncSubject, publicUrl: string): Promise<CalendarEvent | null> {
  if (subject.kind === 'job') {
    const [j] = await rowsOf<{ kind: string; reference: string; title: string; stage: string; due_date: string | null; version: number }>(
      tx,
      sql`select kind, reference, title, stage, to_char(due_date, 'YYYY-MM-DD') as due_date, version from jobs where shop_id = ${shopId} and id = ${subject.id}`,
    );
    const pipeline = j ? pipelineOf(j.kind) : undefined;
    if (!j || !pipeline || !j.due_date || (pipeline.def.archived as readonly string[]).includes(j.stage)) return null;
    const stage = pipeline.def.labels[j.stage] ?? j.stage;
    return {
      subject,
      allDay: true,
      date: j.due_date,
      summary: `Due: ${j.reference} ${j.title}`,
      description: `${pipeline.noun[0]?.toUpperCase()}${pipeline.noun.slice(1)} · ${stage}`,
      url: new URL(`${pipeline.staffPath}/${subject.id}`, publicUrl).toString(),
      sequence: Number(j.version),
    };
  }
  const [a] = await rowsOf<{
    kind: string;
    starts_at: string | Date;
    duration_minutes: number;
    note: string | null;
    customer_name: string;
    staff_name: string | null;
    job_reference: string | null;
    time_zone: string;
  }>(
    tx,
    sql`select a.kind, a.starts_at, a.duration_minutes, a.note, c.name as customer_name, u.name as staff_name, j.reference as job_reference, s.time_zone
        from appointments a
        join customers c on c.shop_id = a.shop_id and c.id = a.customer_id
        join shops s on s.id = a.shop_id
        left join users u on u.shop_id = a.shop_id and u.id = a.staff_id
        left join jobs j on j.shop_id = a.shop_id and j.id = a.job_id
        where a.shop_id = ${shopId} and a.id = ${subject.id}`,
  );
  if (!a) return null;
  const start = new Date(a.starts_at);
  return {
    subject,
    allDay: false,
    start,
    end: new Date(start.getTime() + a.duration_minutes * 60_000),
    timeZone: a.time_zone,
    summary: `${appointmentWords[a.kind] ?? a.kind}: ${a.customer_name}${a.job_reference ? ` (${a.job_reference})` : ''}`,
    description: [a.staff_name ? `With ${a.staff_name}` : null, a.note].filter(Boolean).join('\n') || null,
    url: null,
    sequence: 0,
  };
}
