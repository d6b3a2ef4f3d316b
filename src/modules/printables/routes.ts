import type { AppDeps } from '../../deps.js';
import { actorOf } from '../../http/auth.js';
import { pdfAnswer, sendPdf } from '../../http/pdf-answer.js';
import { idParams } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { attachmentDeps } from '../attachments/deps.js';
import { pipelines } from '../jobs/registry.js';
import * as printables from './service.js';

/** What the counter prints for every pipeline's job: the customer's take-in slip and the bench's envelope label. */
export function printableRoutes(app: App, appDeps: AppDeps) {
  const staffTags = ['Printables'];
  // The shop's logo is read from the same file store its upload went to.
  const deps = { db: appDeps.db, config: appDeps.config, files: attachmentDeps(appDeps).files };
  for (const pipeline of pipelines) {
    const path = pipeline.apiPath;
    app.get(
      `${path}/:id/slip.pdf`,
      {
        schema: {
          tags: staffTags,
          summary: 'The A5 take-in slip for the customer, with the tracking QR code',
          params: idParams,
          produces: ['application/pdf'],
          response: { 200: pdfAnswer },
        },
      },
      async (req, reply) => sendPdf(reply, await printables.slipPdf(deps, actorOf(req), pipeline, req.params.id)),
    );
    app.get(
      `${path}/:id/envelope.pdf`,
      {
        schema: {
          tags: staffTags,
          summary: 'The job-envelope label for the bench, with a QR code that opens the job',
          params: idParams,
          produces: ['application/pdf'],
          response: { 200: pdfAnswer },
        },
      },
      async (req, reply) => sendPdf(reply, await printables.envelopePdf(deps, actorOf(req), pipeline, req.params.id)),
    );
  }
}
