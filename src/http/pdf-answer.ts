import type { FastifyReply } from 'fastify';
import { z } from 'zod';

/** A PDF Loupe printed (a slip, a report): documented as its media type, sent with its bytes. */
export const pdfAnswer = z.string().describe('application/pdf');

/** Inline, so the browser opens it to print; never cached, as it names a customer. */
export function sendPdf(reply: FastifyReply, made: { pdf: Buffer; fileName: string }) {
  return reply
    .type('application/pdf')
    .header('content-disposition', `inline; filename="${made.fileName}"`)
    .header('cache-control', 'private, no-store')
    .send(made.pdf);
}
