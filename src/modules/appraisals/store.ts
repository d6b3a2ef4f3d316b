import { appraisalDetails } from '../../db/schema/index.js';
import { appraisalPipeline } from '../../domain/appraisal-pipeline.js';
import type { PipelineStore } from '../pipeline/store.js';
import { envelopeLines, slipDetails } from './queries.js';

export const appraisalStore: PipelineStore = {
  def: appraisalPipeline,
  details: appraisalDetails,
  cardColumns: { itemType: appraisalDetails.itemType },
  passportValue: appraisalDetails.replacementValueCents,
  envelopeLines,
  slipDetails,
};
