import { repairJobStages } from '../../db/schema/index.js';
import { pipelineJobCore } from '../../db/schema/pipeline.js';
import { repairPipeline } from '../../domain/repair-pipeline.js';
import type { PipelineStore } from '../pipeline/store.js';

export const repairStore: PipelineStore = {
  def: repairPipeline,
  jobs: pipelineJobCore('repair_jobs'),
  history: repairJobStages,
  jobKey: 'repairJobId',
};
