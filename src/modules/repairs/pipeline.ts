import { definePipeline } from '../jobs/entry.js';
import { quoteStage } from './kind.js';
import { quoteLines } from './queries.js';
import { createBody, fromEnquiryBody, job, patchBody } from './schemas.js';
import { repairs } from './service.js';
import { repairStore } from './store.js';

export const repair = definePipeline({
  store: repairStore,
  staffPath: '/repairs',
  routes: {
    path: '/api/v1/repairs',
    tag: 'Repairs',
    noun: 'repair',
    createSummary: 'Book a repair in',
    create: createBody,
    patch: patchBody,
    job,
    useCases: repairs,
  },
  enquiry: { topics: ['repair'], create: fromEnquiryBody },
  // A declined quote puts the repair on hold, so the bench does not start and the shop calls.
  quoteDecision: { stage: quoteStage, approvedTo: 'approved', declinedTo: 'on_hold', lines: quoteLines },
});
