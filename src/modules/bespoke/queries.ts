import { desc } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { bespokeJobs } from '../../db/schema/index.js';
import type { JobFilter } from '../pipeline/jobs.js';
import { selectJobsOf } from '../pipeline/queries.js';
import { bespokeStore } from './store.js';

/** Bespoke jobs for the board, list and detail: the shared columns plus the bespoke ones. */
export function selectJobs(tx: Tx, shopId: string, filter: JobFilter) {
  const j = bespokeJobs;
  return selectJobsOf(tx, bespokeStore, shopId, filter, { jewelleryType: j.jewelleryType, metal: j.metal, stones: j.stones, budgetCents: j.budgetCents }, [
    desc(j.createdAt),
    desc(j.reference),
  ]);
}

export type JobRow = Awaited<ReturnType<typeof selectJobs>>[number];
