import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Tx } from '../../db/client.js';
import type { PipelineDefinition } from '../../domain/pipeline.js';

/** A pipeline's own table: one row per job, keyed by (shop_id, job_id), gone with the job. */
export type DetailsTable = PgTable & { shopId: PgColumn; jobId: PgColumn };

/**
 * Where one pipeline keeps its jobs: the rows of `jobs` of its kind, and its details table.
 * Everything else (history, money, comments, files, messages) points at `jobs` alone.
 */
export interface PipelineStore<S extends string = string> {
  def: PipelineDefinition<S>;
  details: DetailsTable;
  /** The details columns a board card shows beside the shared ones (a repair's item and rush), keyed as its job answers them. */
  cardColumns: Record<string, PgColumn>;
  /** The details column that puts a card on top of its column (a rush repair), if the pipeline has one. */
  urgent?: PgColumn;
  /** The details column holding the amount its passport event records (an appraisal's value), if any. */
  passportValue?: PgColumn;
  /** The lines a bench label shows under the title: what the piece is, or what it came in with. */
  envelopeLines(tx: Tx, shopId: string, jobId: string): Promise<[string, string | null][]>;
  /** What the customer's take-in slip adds for this pipeline: priced work lines, facts of the piece, amounts of it. */
  slipDetails(tx: Tx, shopId: string, jobId: string): Promise<SlipDetails>;
}

export interface SlipDetails {
  /** The work agreed, each with its price (null: priced later). */
  workLines: { label: string; priceCents: number | null }[];
  /** What the piece is and how it came in (condition notes among them), by label. */
  facts: [string, string | null][];
  /** Amounts that describe the piece rather than the bill (its declared value), by label. */
  amounts: [string, number | null][];
}
