import type { AppDeps } from '../../deps.js';
import type { App } from '../../http/types.js';
import { jobRoutes } from '../pipeline/routes.js';
import { jobDetailOf } from '../pipeline/schemas.js';
import { createBody, job, patchBody } from './schemas.js';
import * as useCases from './service.js';

export function bespokeRoutes(app: App, deps: AppDeps) {
  jobRoutes(
    app,
    deps,
    {
      path: '/api/v1/bespoke',
      tag: 'Bespoke jobs',
      noun: 'bespoke job',
      createSummary: 'Take in a bespoke enquiry',
      create: createBody,
      patch: patchBody,
      job,
      useCases,
    },
    jobDetailOf(job),
  );
}
