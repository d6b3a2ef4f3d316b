import { and, desc, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { appraisalDetails, appraisalStones, jobs } from '../../db/schema/index.js';
import { type AppraisalStone, appraisalPipeline } from '../../domain/appraisal-pipeline.js';
import type { JobFilter } from '../pipeline/queries.js';
import { selectJobsOf } from '../pipeline/queries.js';

/** Appraisals for the board, list and detail: the shared columns plus the appraisal ones and the stones. */
export function selectAppraisals(tx: Tx, shopId: string, filter: JobFilter) {
  const j = jobs;
  const d = appraisalDetails;
  const stones = sql<Required<AppraisalStone>[]>`coalesce((
      select jsonb_agg(jsonb_build_object('kind', s.kind, 'shape', s.shape, 'carat', s.carat, 'colour', s.colour, 'clarity', s.clarity,
        'measurements', s.measurements, 'certificateLab', s.certificate_lab, 'certificateNumber', s.certificate_number) order by s.position)
      from ${appraisalStones} s where s.job_id = ${j.id}), '[]'::jsonb)`;
  const extra = {
    itemType: d.itemType,
    purpose: d.purpose,
    metal: d.metal,
    hallmarks: d.hallmarks,
    weightGrams: d.weightGrams,
    replacementValueCents: d.replacementValueCents,
    valuer: d.valuer,
    valuationDate: d.valuationDate,
    stones,
  };
  return selectJobsOf(tx, { def: appraisalPipeline, details: appraisalDetails }, shopId, filter, extra, [sql`${j.dueDate} asc nulls last`, desc(j.createdAt)]);
}

export type AppraisalRow = Awaited<ReturnType<typeof selectAppraisals>>[number];

/** Replaces an appraisal's stones: they are edited as one list, like a repair's work lines. */
export async function replaceStones(tx: Tx, shopId: string, jobId: string, stones: readonly AppraisalStone[]) {
  await tx.delete(appraisalStones).where(and(eq(appraisalStones.shopId, shopId), eq(appraisalStones.jobId, jobId)));
  if (stones.length === 0) return;
  await tx.insert(appraisalStones).values(
    stones.map((s, position) => ({
      shopId,
      jobId,
      position,
      kind: s.kind,
      shape: s.shape ?? null,
      carat: s.carat ?? null,
      colour: s.colour ?? null,
      clarity: s.clarity ?? null,
      measurements: s.measurements ?? null,
      certificateLab: s.certificateLab ?? null,
      certificateNumber: s.certificateNumber ?? null,
    })),
  );
}

/** The appraisal slip: one fee (the quote), and what the piece is and is appraised for. */
export async function slipDetails(tx: Tx, shopId: string, jobId: string) {
  return { workLines: [], facts: await envelopeLines(tx, shopId, jobId), amounts: [] as [string, number | null][] };
}

/** What the piece is, for its bench label. */
export async function envelopeLines(tx: Tx, shopId: string, jobId: string): Promise<[string, string | null][]> {
  const d = appraisalDetails;
  const [a] = await tx
    .select({ itemType: d.itemType, purpose: d.purpose, metal: d.metal })
    .from(d)
    .where(and(eq(d.shopId, shopId), eq(d.jobId, jobId)));
  return [
    ['Item', a?.itemType ?? null],
    ['Purpose', a?.purpose.replace('_', ' ') ?? null],
    ['Metal', a?.metal ?? null],
  ];
}
