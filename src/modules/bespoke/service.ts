import { jobUseCases } from '../pipeline/jobs.js';
import { bespokeKind } from './kind.js';

/** The bespoke pipeline's use-cases: the engine's, with bespoke columns. */
export const { createJob, createJobIn, listJobs, boardJobs, boardFirstScreen, getJob, updateJob, moveJob, addComment, recordPayment, voidPayment } =
  jobUseCases(bespokeKind);
