import type { Pipeline } from '../pipeline/define';
import { appraisals } from './appraisals';
import { bespoke } from './bespoke';
import { repairs } from './repairs';

/**
 * Every pipeline the staff app shows, in the order of the navigation, the intake's tabs and the hub.
 * The first is the shop's main line: the home page after signing in.
 */
export const pipelines: readonly [Pipeline, ...Pipeline[]] = [bespoke, repairs, appraisals];

export const mainPipeline: Pipeline = pipelines[0];

/** The pipeline at a path (`bespoke`), or under the server's name for its jobs (`repair`). */
export const pipelineAt = (base: string): Pipeline | undefined => pipelines.find((p) => p.base === base);
export const pipelineOfKind = (kind: string): Pipeline | undefined => pipelines.find((p) => p.kind === kind);
