import { priceOf } from '../../domain/money.js';
import { type PipelineDefinition, progressOf } from '../../domain/pipeline.js';

/** Shapes the engine's rows the way the API answers them. */

export const presentStage = (h: {
  id: string;
  stage: string;
  fromStage: string | null;
  actorId: string | null;
  actorName: string | null;
  actorLabel: string | null;
  note: string | null;
  at: Date;
}) => ({
  id: h.id,
  stage: h.stage,
  fromStage: h.fromStage,
  actor: h.actorId && h.actorName ? { id: h.actorId, name: h.actorName } : null,
  actorLabel: h.actorLabel,
  note: h.note,
  at: h.at,
});

export const presentComment = (c: { id: string; body: string; authorId: string | null; authorName: string | null; createdAt: Date }) => ({
  id: c.id,
  body: c.body,
  author: c.authorId && c.authorName ? { id: c.authorId, name: c.authorName } : null,
  createdAt: c.createdAt,
});

/** The columns `selectJobsOf` reads for every pipeline. */
export interface JobCoreRow {
  id: string;
  reference: string;
  title: string;
  stage: string;
  heldFromStage: string | null;
  customerId: string;
  customerName: string;
  description: string | null;
  notes: string | null;
  dueDate: string | null;
  quotedCents: number | null;
  finalCents: number | null;
  depositCents: number;
  paidCents: number;
  refundedCents: number;
  currency: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  stageChangedAt: Date;
  trackingCode: string;
  thumbnailUrl: string | null;
}

/**
 * A job as the API answers it: its core, the rest of the shared fields, then the pipeline's own
 * (`extra`). Each part is one object literal assigned onto the first: spreading a row and adding keys
 * leaves V8 a slow dictionary, which made a 2,000-job list many times slower to build and serialise.
 */
export function presentJob<S extends string, E extends object>(def: PipelineDefinition<S>, row: JobCoreRow, publicUrl: string, extra: E) {
  const rest = {
    description: row.description,
    notes: row.notes,
    paidCents: row.paidCents,
    currency: row.currency,
    updatedAt: row.updatedAt,
    tracking: { code: row.trackingCode, url: `${publicUrl}/track/${row.trackingCode}` },
  };
  return Object.assign(jobCore(def, row), rest, extra);
}

/** A pipeline's own fields of a row, by name. */
export function pick<R extends object, K extends keyof R>(row: R, keys: readonly K[]): Pick<R, K> {
  const out = {} as Pick<R, K>;
  for (const k of keys) out[k] = row[k];
  return out;
}

/** The fields every job starts with: who, what, where it is and its money. */
function jobCore<S extends string>(def: PipelineDefinition<S>, row: JobCoreRow) {
  const stage = row.stage as S;
  const held = row.heldFromStage as S | null;
  return {
    id: row.id,
    kind: def.kind,
    reference: row.reference,
    title: row.title,
    stage,
    stageLabel: def.labels[stage],
    heldFromStage: held,
    progress: progressOf(def, stage, held),
    customer: { id: row.customerId, name: row.customerName },
    dueDate: row.dueDate,
    quotedCents: row.quotedCents,
    finalCents: row.finalCents,
    depositCents: row.depositCents,
    balanceOwingCents: priceOf(row.quotedCents, row.finalCents) - row.paidCents,
    version: row.version,
    createdAt: row.createdAt,
    stageChangedAt: row.stageChangedAt,
    thumbnailUrl: row.thumbnailUrl,
  };
}
