import { and, desc, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { bespokeDetails, jobs } from '../../db/schema/index.js';
import { bespokePipeline } from '../../domain/bespoke-pipeline.js';
import type { JobFilter } from '../pipeline/queries.js';
import { selectJobsOf } from '../pipeline/queries.js';

/** Bespoke jobs for the board, list and detail: the shared columns plus the bespoke ones. */
export function selectJobs(tx: Tx, shopId: string, filter: JobFilter) {
  const d = bespokeDetails;
  return selectJobsOf(
    tx,
    { def: bespokePipeline, details: bespokeDetails },
    shopId,
    filter,
    { jewelleryType: d.jewelleryType, metal: d.metal, stones: d.stones, budgetCents: d.budgetCents },
    [desc(jobs.createdAt), desc(jobs.reference)],
  );
}

export type JobRow = Awaited<ReturnType<typeof selectJobs>>[number];

/** The bespoke slip: no work lines (the quote is one price), what the piece is to be, and the budget given. */
export async function slipDetails(tx: Tx, shopId: string, jobId: string) {
  const [b] = await tx
    .select({ budgetCents: bespokeDetails.budgetCents })
    .from(bespokeDetails)
    .where(and(eq(bespokeDetails.shopId, shopId), eq(bespokeDetails.jobId, jobId)));
  return { workLines: [], facts: await envelopeLines(tx, shopId, jobId), amounts: [['Budget', b?.budgetCents ?? null]] as [string, number | null][] };
}

/** What the piece is made of, for its bench label. */
export async function envelopeLines(tx: Tx, shopId: string, jobId: string): Promise<[string, string | null][]> {
  const d = bespokeDetails;
  const [b] = await tx
    .select({ type: d.jewelleryType, metal: d.metal, stones: d.stones })
    .from(d)
    .where(and(eq(d.shopId, shopId), eq(d.jobId, jobId)));
  return [
    ['Type', b?.type ?? null],
    ['Metal', b?.metal ?? null],
    ['Stones', b?.stones ?? null],
  ];
}
