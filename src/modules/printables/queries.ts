import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { customers, jobs, shops } from '../../db/schema/index.js';

/** Everything the take-in slip and the envelope print, for a job of any pipeline. */
export async function slipJob(tx: Tx, kind: string, shopId: string, jobId: string) {
  const j = jobs;
  const [row] = await tx
    .select({
      id: j.id,
      reference: j.reference,
      title: j.title,
      stage: j.stage,
      dueDate: j.dueDate,
      createdAt: j.createdAt,
      trackingCode: j.trackingCode,
      quotedCents: j.quotedCents,
      finalCents: j.finalCents,
      customerName: customers.name,
      customerPhone: customers.phone,
      customerEmail: customers.email,
    })
    .from(j)
    .innerJoin(customers, and(eq(customers.shopId, j.shopId), eq(customers.id, j.customerId)))
    .where(and(eq(j.shopId, shopId), eq(j.id, jobId), eq(j.kind, kind)));
  return row;
}

/** Where the shop's uploaded logo is kept (a PNG Loupe made), if it has one. */
export async function shopLogoKey(tx: Tx, shopId: string) {
  const [row] = await tx.select({ key: shops.logoKey }).from(shops).where(eq(shops.id, shopId));
  return row?.key ?? null;
}
