import { bespokeJobStages } from '../../db/schema/index.js';
import { pipelineJobCore } from '../../db/schema/pipeline.js';
import { bespokePipeline } from '../../domain/bespoke-pipeline.js';
import type { PipelineStore } from '../pipeline/store.js';

export const bespokeStore: PipelineStore = {
  def: bespokePipeline,
  jobs: pipelineJobCore('bespoke_jobs'),
  history: bespokeJobStages,
  jobKey: 'bespokeJobId',
};
