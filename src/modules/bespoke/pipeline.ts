import { definePipeline } from '../jobs/entry.js';
import { createBody, job, patchBody } from './schemas.js';
import * as useCases from './service.js';
import { bespokeStore } from './store.js';

export const bespoke = definePipeline({
  store: bespokeStore,
  staffPath: '/bespoke',
  enquiry: { topics: ['bespoke'] },
  routes: {
    path: '/api/v1/bespoke',
    tag: 'Bespoke jobs',
    noun: 'bespoke job',
    createSummary: 'Take in a bespoke enquiry',
    create: createBody,
    patch: patchBody,
    job,
    useCases,
  },
  // A change request sends the design back to CAD; approval moves it to setting when the shop says so.
  designReview: { stage: 'approval', approvedTo: 'setting', declinedTo: 'cad' },
});
