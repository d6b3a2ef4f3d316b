import { jobUseCases } from '../pipeline/jobs.js';
import { appraisalKind } from './kind.js';

/** The appraisal pipeline's use-cases: the engine's, with the appraisal's own columns and stones. */
export const appraisals = jobUseCases(appraisalKind);
