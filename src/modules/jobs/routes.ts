import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { actorOf } from '../../http/auth.js';
import type { App } from '../../http/types.js';
import { allJobsQuery, jobSummary } from './schemas.js';
import { listAllJobs } from './service.js';

export function jobsRoutes(app: App, deps: AppDeps) {
  app.get(
    '/api/v1/jobs',
    {
      schema: {
        tags: ['Jobs'],
        summary: 'Bespoke jobs and repairs together, soonest due first',
        querystring: allJobsQuery,
        response: { 200: z.object({ items: z.array(jobSummary) }) },
      },
    },
    (req) => listAllJobs(deps, actorOf(req), req.query),
  );
}
