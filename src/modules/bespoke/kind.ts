import { defineJobKind } from '../pipeline/jobs.js';
import * as q from './queries.js';
import type { CreateInput, PatchInput } from './schemas.js';
import { bespokeStore } from './store.js';

/** What bespoke work adds to the pipeline engine: jewellery type, metal, stones and budget. */
export const bespokeKind = defineJobKind<q.JobRow, 'jewelleryType' | 'metal' | 'stones' | 'budgetCents', CreateInput, PatchInput>({
  store: bespokeStore,
  noun: 'Bespoke job',
  fields: ['jewelleryType', 'metal', 'stones', 'budgetCents'],
  select: q.selectJobs,
});
