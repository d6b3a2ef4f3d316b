import { z } from 'zod';
import { allPipelines, jobKinds } from '../../domain/pipelines.js';
import { appraisal } from '../appraisals/pipeline.js';
import { bespoke } from '../bespoke/pipeline.js';
import { repair } from '../repairs/pipeline.js';
import type { PipelineEntry } from './entry.js';

/**
 * Every pipeline, in the order the API documents them. What reads across pipelines (the hub,
 * search, tracking, messages, files, the sender, the tests) iterates this and names none.
 */
export const pipelines: readonly PipelineEntry[] = [bespoke, repair, appraisal];

for (const def of allPipelines) {
  if (!pipelines.some((p) => p.def === def)) throw new Error(`the ${def.kind} pipeline has no registry entry`);
}

const byKind = new Map(pipelines.map((p) => [p.kind, p]));

export function pipelineOf(kind: string): PipelineEntry | undefined {
  return byKind.get(kind);
}

/** A job's pipeline, as the API names it. */
export const jobKindSchema = z.enum(jobKinds);
