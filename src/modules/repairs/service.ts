import { jobUseCases } from '../pipeline/jobs.js';
import { repairKind } from './kind.js';

/** The repair pipeline's use-cases: the engine's, with repair columns and work lines. */
export const repairs = jobUseCases(repairKind);
