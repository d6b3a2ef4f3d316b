import { repairDetails } from '../../db/schema/index.js';
import { repairPipeline } from '../../domain/repair-pipeline.js';
import type { PipelineStore } from '../pipeline/store.js';
import { envelopeLines, slipDetails } from './queries.js';

export const repairStore: PipelineStore = {
  def: repairPipeline,
  details: repairDetails,
  cardColumns: { itemType: repairDetails.itemType, rush: repairDetails.rush },
  urgent: repairDetails.rush,
  envelopeLines,
  slipDetails,
};
