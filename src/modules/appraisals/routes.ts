import type { AppDeps } from '../../deps.js';
import { actorOf } from '../../http/auth.js';
import { pdfAnswer, sendPdf } from '../../http/pdf-answer.js';
import { idParams } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { attachmentDeps } from '../attachments/deps.js';
import { appraisalReport } from './report.js';

/** What appraisals add to the routes every pipeline has: the report, printed for the customer's insurer. */
export function appraisalReportRoutes(app: App, deps: AppDeps) {
  const files = attachmentDeps(deps).files;
  app.get(
    '/api/v1/appraisals/:id/report.pdf',
    {
      schema: {
        tags: ['Appraisals'],
        summary: 'The appraisal report: letterhead, the piece, its stones and photographs, the value, the valuer, and a QR code to its page',
        params: idParams,
        produces: ['application/pdf'],
        response: { 200: pdfAnswer },
      },
    },
    async (req, reply) => sendPdf(reply, await appraisalReport({ ...deps, files }, actorOf(req), req.params.id)),
  );
}
