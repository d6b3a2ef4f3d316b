import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import type { SecretBox } from '../notifications/secret-box.js';
import type { PipelineStore } from '../pipeline/store.js';
import { appendEvent, dayIn } from './history.js';
import * as q from './queries.js';
import { signingKeyOf } from './signing.js';

/**
 * What the pipeline engine reaches when a job enters a stage: if the job is linked to a passport and
 * its pipeline declares an event for that stage, the passport gets it, signed and chained, in the
 * move's own transaction. Knows no pipeline by name: the event and the stage are the pipeline's data.
 */
export async function recordLinkedJobEvent(
  tx: Tx,
  box: SecretBox,
  store: PipelineStore,
  shopId: string,
  job: { id: string; reference: string },
  stage: string,
  by: string | null,
  at: Date,
  /** When the piece went back: the move itself, or, for a job linked after it was collected, that day. */
  occurredAt: Date = at,
): Promise<void> {
  const declared = store.def.passportEvent;
  if (!declared || declared.on !== stage) return;
  const link = await q.linkOfJob(tx, shopId, job.id);
  // Once per job: collected, back, and collected again adds nothing the second time.
  if (!link || link.eventSeq !== null) return;
  const passport = await q.lockPassport(tx, shopId, link.passportId);
  if (!passport) return;
  const shop = await q.shopOf(tx, shopId);
  const valueCents = declared.kind === 'appraised' ? await declaredValue(tx, store, shopId, job.id) : null;
  const key = await signingKeyOf(tx, box, shopId, at);
  const noun = store.def.noun;
  const seq = await appendEvent(
    tx,
    key,
    passport,
    {
      kind: declared.kind,
      occurredOn: dayIn(occurredAt, shop?.timeZone ?? 'UTC'),
      note: `${noun.charAt(0).toUpperCase()}${noun.slice(1)} ${job.reference}`,
      valueCents,
      currency: shop?.currency ?? null,
    },
    by,
    at,
  );
  // The job's row is held by its move (or its link), so nothing else can have marked it meanwhile.
  if (!(await q.markLinkEvent(tx, shopId, job.id, seq))) throw new Error('a linked job’s passport event was recorded twice');
}

/** The amount the pipeline says its event records (an appraisal's value), from the job's details. */
async function declaredValue(tx: Tx, store: PipelineStore, shopId: string, jobId: string): Promise<number | null> {
  const column = store.passportValue;
  if (!column) return null;
  const t = store.details;
  const [row] = await tx
    .select({ value: column })
    .from(t)
    .where(and(eq(t.shopId, shopId), eq(t.jobId, jobId)));
  return typeof row?.value === 'number' ? row.value : null;
}
