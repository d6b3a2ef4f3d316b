import { appraisalPipeline } from './appraisal-pipeline.js';
import { bespokePipeline } from './bespoke-pipeline.js';
import type { PipelineDefinition } from './pipeline.js';
import { repairPipeline } from './repair-pipeline.js';

/**
 * Every pipeline Loupe runs, as data: the database's stage CHECKs and the API's `kind` enums are
 * generated from this list, so a pipeline added here is known everywhere at once.
 */
export const pipelineDefinitions = [bespokePipeline, repairPipeline, appraisalPipeline] as const;

/** The same list, as the engine reads it: any pipeline's definition. */
export const allPipelines: readonly PipelineDefinition[] = pipelineDefinitions;

export type JobKind = (typeof pipelineDefinitions)[number]['kind'];

export const jobKinds = pipelineDefinitions.map((p) => p.kind) as [JobKind, ...JobKind[]];

export function definitionOf(kind: string): PipelineDefinition | undefined {
  return allPipelines.find((p) => p.kind === kind);
}
