import { and, desc, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { jobs, repairDetails, repairWorkLines } from '../../db/schema/index.js';
import { repairPipeline, type WorkLine } from '../../domain/repair-pipeline.js';
import type { JobFilter } from '../pipeline/queries.js';
import { selectJobsOf } from '../pipeline/queries.js';

/** Repairs for the board, list and detail: the shared columns plus the repair ones and the work lines. */
export function selectRepairs(tx: Tx, shopId: string, filter: JobFilter) {
  const j = jobs;
  const d = repairDetails;
  const workLines = sql<WorkLine[]>`coalesce((
      select jsonb_agg(jsonb_build_object('kind', l.kind, 'description', l.description, 'priceCents', l.price_cents) order by l.position)
      from ${repairWorkLines} l where l.job_id = ${j.id}), '[]'::jsonb)`;
  const extra = { itemType: d.itemType, conditionNotes: d.conditionNotes, declaredValueCents: d.declaredValueCents, rush: d.rush, workLines };
  // Rush work first, then whatever is due soonest.
  return selectJobsOf(tx, { def: repairPipeline, details: repairDetails }, shopId, filter, extra, [
    desc(d.rush),
    sql`${j.dueDate} asc nulls last`,
    desc(j.createdAt),
  ]);
}

export type RepairRow = Awaited<ReturnType<typeof selectRepairs>>[number];

/** Replaces a repair's work lines: they are edited as one list at the counter. */
export async function replaceWorkLines(tx: Tx, shopId: string, jobId: string, lines: readonly WorkLine[]) {
  await tx.delete(repairWorkLines).where(and(eq(repairWorkLines.shopId, shopId), eq(repairWorkLines.jobId, jobId)));
  if (lines.length === 0) return;
  await tx
    .insert(repairWorkLines)
    .values(lines.map((l, position) => ({ shopId, jobId, position, kind: l.kind, description: l.description ?? null, priceCents: l.priceCents })));
}

/** What the repair came in with, for its bench label. */
export async function envelopeLines(tx: Tx, shopId: string, jobId: string): Promise<[string, string | null][]> {
  const d = repairDetails;
  const [r] = await tx
    .select({ itemType: d.itemType, rush: d.rush, condition: d.conditionNotes })
    .from(d)
    .where(and(eq(d.shopId, shopId), eq(d.jobId, jobId)));
  return [
    ['Item', r?.itemType ?? null],
    ['Rush', r?.rush ? 'Yes' : null],
    ['Condition', r?.condition ?? null],
  ];
}

const workLabels = {
  resize: 'Resize',
  solder: 'Solder',
  re_tip: 'Re-tip claws',
  re_string: 'Re-string',
  polish: 'Polish',
  replace_clasp: 'Replace clasp',
  set_stone: 'Set stone',
  other: 'Other work',
} as const;

/** The repair's take-in slip: its priced work lines, the item and its condition, and its declared value. */
export async function slipDetails(tx: Tx, shopId: string, jobId: string) {
  const d = repairDetails;
  const [r] = await tx
    .select({ itemType: d.itemType, condition: d.conditionNotes, declaredValueCents: d.declaredValueCents })
    .from(d)
    .where(and(eq(d.shopId, shopId), eq(d.jobId, jobId)));
  const lines = await quoteLines(tx, shopId, jobId);
  return {
    workLines: lines.map((l) => ({ label: l.description ? `${l.work}: ${l.description}` : l.work, priceCents: l.priceCents })),
    facts: [
      ['Item', r?.itemType ?? null],
      ['Condition', r?.condition ?? null],
    ] as [string, string | null][],
    amounts: [['Declared value', r?.declaredValueCents ?? null]] as [string, number | null][],
  };
}

/** A repair's work lines as its quote shows the customer. */
export async function quoteLines(tx: Tx, shopId: string, jobId: string) {
  const rows = await tx
    .select({ kind: repairWorkLines.kind, description: repairWorkLines.description, priceCents: repairWorkLines.priceCents })
    .from(repairWorkLines)
    .where(and(eq(repairWorkLines.shopId, shopId), eq(repairWorkLines.jobId, jobId)))
    .orderBy(repairWorkLines.position);
  return rows.map((l) => ({ work: workLabels[l.kind as keyof typeof workLabels] ?? l.kind, description: l.description, priceCents: l.priceCents }));
}
