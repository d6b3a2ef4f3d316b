import { eq, sql } from 'drizzle-orm';
import type { Database, Tx } from '../../db/client.js';
import { shops } from '../../db/schema/index.js';
import { itemLabel, memoReference } from '../../domain/memos.js';
import type { MessageChannel } from '../../domain/templates.js';
import type { OutgoingMessage } from '../notifications/channels/channel.js';
import { routingOf, type SettingsRow } from '../notifications/settings-store.js';
import { firstOwner, overdueItems } from './queries.js';

export const MEMO_OVERDUE_TOPIC = 'memo_overdue';
/** The owner's morning list goes out from this hour of the shop's day. */
export const MORNING_HOUR = 7;

/**
 * Queues the morning list of overdue memo items for each shop that asked for it, once per shop and
 * day (the key names the shop and its day), from 07:00 in its time zone, when anything is overdue.
 */
export async function queueOverdueDigests(db: Database, at: Date): Promise<void> {
  await db.raw.execute(sql`
    insert into outbox (shop_id, topic, idempotency_key, payload)
    select s.id, ${MEMO_OVERDUE_TOPIC}, ${`${MEMO_OVERDUE_TOPIC}:`} || s.id || ':' || d.day, jsonb_build_object('day', d.day)
    from shops s
    cross join lateral (select to_char((${at}::timestamptz at time zone s.time_zone)::date, 'YYYY-MM-DD') as day,
                               extract(hour from ${at}::timestamptz at time zone s.time_zone) as hour) d
    where s.memo_overdue_email and d.hour >= ${MORNING_HOUR}
      and exists (select 1 from memo_items i join memos m on m.shop_id = i.shop_id and m.id = i.memo_id
                  where i.shop_id = s.id and i.status = 'active' and m.due_back_on < d.day::date)
    on conflict (shop_id, idempotency_key) do nothing`);
}

const fill = (text: string, values: Record<string, string>) => text.replace(/\{\{(\w+)\}\}/g, (whole, k: string) => values[k] ?? whole);

/** The morning list, as it stands when it is sent (an item settled since it was queued is left out), to the address the shop chose, or its first owner. */
export async function prepareOverdueDigest(
  tx: Tx,
  row: { shop_id: string; idempotency_key: string; payload: Record<string, unknown> | null },
  settings: SettingsRow,
  publicUrl: string,
): Promise<{ channel: MessageChannel; message: OutgoingMessage } | { skip: string }> {
  const day = typeof row.payload?.day === 'string' ? row.payload.day : '';
  const items = day ? await overdueItems(tx, row.shop_id, day) : [];
  if (items.length === 0) return { skip: 'Not sent: nothing on memo is overdue any more.' };
  const [shop] = await tx.select({ name: shops.name, to: shops.memoOverdueTo }).from(shops).where(eq(shops.id, row.shop_id));
  // The address the shop chose, else its owner.
  const owner = shop?.to ? { email: shop.to, name: shop.name } : await firstOwner(tx, row.shop_id);
  if (!owner) return { skip: 'Not sent: the shop has no owner to tell.' };
  const lines = items.map((r) => `- ${memoReference(r.direction, r.number)} (${r.contactName}), due back ${r.dueBackOn}: ${itemLabel(r.item)}`);
  const values = { n: String(items.length), s: items.length === 1 ? '' : 's', shop: shop?.name ?? '', lines: lines.join('\n'), url: `${publicUrl}/memos` };
  const channel: MessageChannel = routingOf(settings).defaultChannel === 'preview' ? 'preview' : 'email';
  return {
    channel,
    message: {
      idempotencyKey: row.idempotency_key,
      event: MEMO_OVERDUE_TOPIC,
      to: owner.email,
      subject: fill('{{n}} memo item{{s}} overdue at {{shop}}', values),
      body: fill('These stones and pieces are past their due-back date:\n\n{{lines}}\n\nReturn them, settle them, or agree a new date: {{url}}', values),
      recipientName: owner.name,
      job: { kind: 'memo', id: row.shop_id, reference: 'Memo', title: 'Overdue memo items', trackingUrl: values.url },
    },
  };
}
