import { definePipeline } from '../jobs/entry.js';
import { appraisalReportRoutes } from './routes.js';
import { createBody, fromEnquiryBody, job, patchBody } from './schemas.js';
import { appraisals } from './service.js';
import { appraisalStore } from './store.js';

export const appraisal = definePipeline({
  store: appraisalStore,
  staffPath: '/appraisals',
  moreRoutes: appraisalReportRoutes,
  enquiry: { topics: ['valuation'], create: fromEnquiryBody },
  routes: {
    path: '/api/v1/appraisals',
    tag: 'Appraisals',
    noun: 'appraisal',
    createSummary: 'Take in a piece for appraisal',
    create: createBody,
    patch: patchBody,
    job,
    useCases: appraisals,
  },
});
