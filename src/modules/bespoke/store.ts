import { bespokeDetails } from '../../db/schema/index.js';
import { bespokePipeline } from '../../domain/bespoke-pipeline.js';
import type { PipelineStore } from '../pipeline/store.js';
import { envelopeLines, slipDetails } from './queries.js';

export const bespokeStore: PipelineStore = {
  def: bespokePipeline,
  details: bespokeDetails,
  // A bespoke card says no more than every card does.
  cardColumns: {},
  envelopeLines,
  slipDetails,
};
