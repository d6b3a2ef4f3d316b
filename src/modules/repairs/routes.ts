import type { AppDeps } from '../../deps.js';
import type { App } from '../../http/types.js';
import { jobUseCases } from '../pipeline/jobs.js';
import { jobRoutes } from '../pipeline/routes.js';
import { jobDetailOf } from '../pipeline/schemas.js';
import { repairKind } from './kind.js';
import { createBody, job, patchBody } from './schemas.js';

export const repairs = jobUseCases(repairKind);

export function repairRoutes(app: App, deps: AppDeps) {
  jobRoutes(
    app,
    deps,
    {
      path: '/api/v1/repairs',
      tag: 'Repairs',
      noun: 'repair',
      createSummary: 'Book a repair in',
      create: createBody,
      patch: patchBody,
      job,
      useCases: repairs,
    },
    jobDetailOf(job),
  );
}
