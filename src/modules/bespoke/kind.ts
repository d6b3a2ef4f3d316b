import { bespokePipeline } from '../../domain/bespoke-pipeline.js';
import type { JobKind, Links } from '../pipeline/jobs.js';
import { presentJob } from '../pipeline/present.js';
import * as q from './queries.js';
import type { CreateInput, PatchInput } from './schemas.js';
import { bespokeStore } from './store.js';

const present = (row: q.JobRow, links: Links) =>
  presentJob(bespokePipeline, row, links.config.publicUrl, {
    jewelleryType: row.jewelleryType,
    metal: row.metal,
    stones: row.stones,
    budgetCents: row.budgetCents,
  });

/** What bespoke work adds to the pipeline engine: jewellery type, metal, stones and budget. */
export const bespokeKind: JobKind<q.JobRow, ReturnType<typeof present>, CreateInput, PatchInput> = {
  store: bespokeStore,
  noun: 'Bespoke job',
  select: q.selectJobs,
  present,
  insert: (tx, base, input) => q.insertJob(tx, { ...input, ...base }),
  update: (tx, shopId, id, input, at) => q.updateJob(tx, shopId, id, input, at),
};
