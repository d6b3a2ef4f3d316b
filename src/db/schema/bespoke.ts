import { pgTable, text } from 'drizzle-orm/pg-core';
import { bespokePipeline } from '../../domain/bespoke-pipeline.js';
import { money, pipelineHistoryTable, pipelineJobColumns, pipelineJobConstraints } from './pipeline.js';

export const bespokeJobs = pgTable(
  'bespoke_jobs',
  {
    ...pipelineJobColumns(),
    jewelleryType: text('jewellery_type'),
    budgetCents: money('budget_cents'),
    metal: text('metal'),
    stones: text('stones'),
  },
  (t) => pipelineJobConstraints(bespokePipeline, 'bespoke_jobs', t),
);

export const bespokeJobStages = pipelineHistoryTable(bespokePipeline, 'bespoke_job_stages', bespokeJobs);
