import { z } from 'zod';
import { type EnquiryTopic, enquiryTopics } from '../../db/schema/enquiries.js';
import { allPipelines, type JobKind, jobKinds } from '../../domain/pipelines.js';
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

for (const topic of enquiryTopics) {
  if (pipelines.filter((p) => p.enquiry.topics.includes(topic)).length > 1) throw new Error(`more than one pipeline takes ${topic} enquiries`);
}

const byKind = new Map(pipelines.map((p) => [p.kind, p]));

export function pipelineOf(kind: string): PipelineEntry | undefined {
  return byKind.get(kind);
}

/** A job's pipeline, as the API names it. */
export const jobKindSchema = z.enum(jobKinds);

/** The pipeline an enquiry's topic asks for, if any does (an appointment asks for none). */
export function kindForTopic(topic: EnquiryTopic): JobKind | null {
  const kind = pipelines.find((p) => p.enquiry.topics.includes(topic))?.kind;
  return kind === undefined ? null : jobKindSchema.parse(kind);
}
