import fastifyMultipart from '@fastify/multipart';
import type { FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { DomainError } from '../../domain/errors.js';
import { actorOf, sessionTokenOf } from '../../http/auth.js';
import { noContent } from '../../http/openapi-problems.js';
import { idParams } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { pipelines } from '../jobs/registry.js';
import { sessionIdOf } from '../shops/session-tokens.js';
import { type AttachmentAppDeps, attachmentDeps } from './deps.js';
import { formatBytes, MAX_FILES_PER_UPLOAD, readUpload } from './multipart.js';
import { attachment, fileAnswer, fileQuery, patchBody, sharedParams, sharedQuery, uploadAnswer, uploadBody, uploadFields } from './schemas.js';
import * as service from './service.js';

const stores = Object.fromEntries(pipelines.map((p) => [p.kind, p.store]));
const tags = ['Attachments'];

/** For the browser's own image viewer, which styles the page it shows an image in. */
const IMAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox";
/** Anything else: a sandboxed, script-less origin-less document, should a browser render it at all. */
const DOCUMENT_CSP = "sandbox; default-src 'none'";

/** A file name as an RFC 5987 value: what encodeURIComponent leaves alone but a header parameter may not hold is escaped too. */
const rfc5987 = (name: string) => encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * Images Loupe made (thumbnails, display sizes) and photos as uploaded are shown inline under a
 * sandbox. A PDF (or any other stored file a browser would render as a document) is sent as a
 * download, under a sandbox besides: a PDF's OpenAction script never runs in the app's origin.
 */
function sendFile(reply: FastifyReply, file: service.FileAnswer, cacheControl: string) {
  if (reply.request.headers['if-none-match'] === file.etag) {
    file.body.destroy();
    return reply.code(304).header('etag', file.etag).header('cache-control', cacheControl).send();
  }
  const image = file.contentType.startsWith('image/');
  const named = !file.derived && file.fileName ? `; filename*=UTF-8''${rfc5987(file.fileName)}` : '';
  reply
    .header('content-type', file.contentType)
    .header('content-length', String(file.bytes))
    .header('content-disposition', `${image ? 'inline' : 'attachment'}${named}`)
    .header('content-security-policy', image ? IMAGE_CSP : DOCUMENT_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('etag', file.etag)
    .header('cache-control', cacheControl);
  return reply.send(file.body);
}

/** Staff routes: uploads, edits, deletes and session-checked files. */
export function attachmentRoutes(staff: App, appDeps: AttachmentAppDeps) {
  const deps = attachmentDeps(appDeps);
  // Its own scope, so the multipart parser serves these routes only.
  staff.register(async (scope) => {
    await scope.register(fastifyMultipart, { throwFileSizeLimit: true });
    const app = scope.withTypeProvider<ZodTypeProvider>();

    // Uploads go to `<path>/:id/attachments` for every pipeline's jobs.
    for (const { apiPath: path, noun, store } of pipelines) {
      app.post(
        `${path}/:id/attachments`,
        {
          schema: {
            tags,
            summary: `Attach photos or files to a ${noun}`,
            description: [
              'multipart/form-data with one `file` part per file (up to',
              `${MAX_FILES_PER_UPLOAD} per request, each up to ${formatBytes(deps.maxBytes)} by default: UPLOAD_MAX_BYTES), and optional fields`,
              '`caption`, `stage` (default: the job’s current stage) and `customerVisible` (`true`/`false`, default false), applied to every file.',
              'Accepted, judged from the bytes: JPEG, PNG, WebP, HEIC/HEIF (shown as JPEG) and PDF; anything else is 415 `unsupported_media_type`.',
              'A damaged image is 422, a file over the limit 413 `payload_too_large`; either way nothing is stored.',
              'Too many files from one session or shop in a few minutes, or more of the shop’s files waiting to be processed than its share: 429 `rate_limited`',
              'with `Retry-After`; the server’s whole queue for processing files is full: 503 `server_busy`, with `Retry-After`.',
              `An image over ${deps.media.limits.maxPixels / 1_000_000} megapixels is 422. A preview that cannot be made in time (a PDF page too complex to draw, say) is a plain tile; the file is kept.`,
            ].join(' '),
            params: idParams,
            consumes: ['multipart/form-data'],
            'x-multipart-body': uploadBody(MAX_FILES_PER_UPLOAD),
            response: { 201: uploadAnswer },
          },
        },
        async (req, reply) => {
          const actor = actorOf(req);
          const sessionKey = sessionIdOf(sessionTokenOf(req) ?? actor.userId);
          await deps.limiter.take(actor.shopId, sessionKey, 1);
          const { files, fields } = await readUpload(req, deps.maxBytes);
          if (files.length > 1) await deps.limiter.take(actor.shopId, sessionKey, files.length - 1);
          const parsed = uploadFields.safeParse(fields);
          if (!parsed.success) {
            const errors = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
            throw new DomainError('validation_failed', 'Validation failed', `The upload has ${errors.length} invalid field(s)`, { errors });
          }
          const made = await service.uploadAttachments(deps, actor, store, req.params.id, files, parsed.data);
          return reply.code(201).send(made.length === 1 && made[0] ? made[0] : { items: made });
        },
      );
    }

    app.patch(
      '/api/v1/attachments/:id',
      {
        schema: {
          tags,
          summary: 'Change an attachment’s caption, customer visibility or stage',
          params: idParams,
          body: patchBody,
          response: { 200: attachment },
        },
      },
      (req) => service.updateAttachment(deps, actorOf(req), stores, req.params.id, req.body),
    );

    app.delete(
      '/api/v1/attachments/:id',
      { schema: { tags, summary: 'Remove an attachment and its files', params: idParams, response: { 204: noContent } } },
      async (req, reply) => {
        const { leftover } = await service.deleteAttachment(deps, actorOf(req), req.params.id);
        if (leftover.length > 0) req.log.warn({ leftover }, 'attachment files could not be removed from storage');
        return reply.code(204).send();
      },
    );

    app.get(
      '/api/v1/attachments/:id/file',
      {
        schema: {
          tags,
          summary: 'An attachment’s file, for signed-in staff of its shop',
          description:
            '`thumb` (small JPEG, or PNG for a PDF), `display` (JPEG up to 1600 px; a PDF itself) or `original` (as uploaded). A PDF is sent as a download (`Content-Disposition: attachment`) under `Content-Security-Policy: sandbox`.',
          params: idParams,
          querystring: fileQuery,
          ...fileAnswer,
        },
      },
      async (req, reply) => sendFile(reply, await service.openFile(deps, actorOf(req), req.params.id, req.query.variant), 'private, max-age=86400'),
    );
  });
}

/** The signed-link route: no session; the link itself is the permission, and only while the file is customer-visible. */
export function sharedFileRoutes(app: App, appDeps: AttachmentAppDeps) {
  const deps = attachmentDeps(appDeps);
  app.get(
    '/api/v1/files/:id/:variant',
    {
      schema: {
        tags,
        summary: 'A customer-visible file through an expiring signed link (as given to the tracking page)',
        security: [],
        params: sharedParams,
        querystring: sharedQuery,
        ...fileAnswer,
      },
    },
    async (req, reply) => {
      const file = await service.openSharedFile(deps, req.params.id, req.params.variant, req.query.expires, req.query.sig);
      return sendFile(reply, file, 'private, max-age=300');
    },
  );
}
