import fastifyMultipart from '@fastify/multipart';
import { z } from 'zod';
import { DomainError, notFound } from '../../domain/errors.js';
import { actorOf } from '../../http/auth.js';
import { noContent } from '../../http/openapi-problems.js';
import type { App } from '../../http/types.js';
import { type AttachmentAppDeps, attachmentDeps } from '../attachments/deps.js';
import { readUpload } from '../attachments/multipart.js';
import { readLogo, removeLogo, uploadLogo } from './logo-service.js';

const LOGO_MAX_BYTES = 5 * 1024 * 1024;

/** The shop's logo, uploaded by owners and managers (multipart, one `file` part). */
export async function logoRoutes(app: App, deps: AttachmentAppDeps) {
  const d = attachmentDeps(deps);
  await app.register(async (scope: App) => {
    await scope.register(fastifyMultipart, { throwFileSizeLimit: true });
    scope.put(
      '/api/v1/shop/logo',
      {
        schema: {
          tags: ['Shops'],
          summary:
            "Upload the shop's logo (owners and managers): a JPEG, PNG or WebP up to 5 MB, typed by its bytes, turned upright, fitted inside 600×240 and kept as a PNG without EXIF",
          consumes: ['multipart/form-data'],
          'x-multipart-body': {
            schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } },
            encoding: { file: { contentType: 'image/jpeg, image/png, image/webp' } },
          },
          'x-problems': ['Forbidden'],
          response: { 200: z.object({ logoUrl: z.string() }) },
        },
      },
      async (req) => {
        const actor = actorOf(req);
        if (actor.role === 'staff') throw new DomainError('forbidden', 'Forbidden', 'Only owners and managers can change the shop’s logo');
        const { files } = await readUpload(req, LOGO_MAX_BYTES);
        const [file] = files;
        if (!file || files.length > 1) {
          throw new DomainError('validation_failed', 'Validation failed', 'Send one image as the logo', { errors: [{ path: 'file', message: 'One image' }] });
        }
        return uploadLogo(d, actor, file);
      },
    );
  });
  app.delete(
    '/api/v1/shop/logo',
    { schema: { tags: ['Shops'], summary: "Remove the shop's logo (owners and managers)", 'x-problems': ['Forbidden'], response: { 204: noContent } } },
    async (req, reply) => {
      await removeLogo(d, actorOf(req));
      return reply.code(204).send();
    },
  );
}

const logoParams = z.object({ shopId: z.uuid(), file: z.string().regex(/^[0-9a-f-]{36}\.png$/) });

/** The logo as customers' pages show it: public, by its unguessable-enough name, cached for ever (a new logo has a new name). */
export function publicLogoRoutes(app: App, deps: AttachmentAppDeps) {
  const d = attachmentDeps(deps);
  app.get('/logo/:shopId/:file', { schema: { hide: true, params: logoParams } }, async (req, reply) => {
    const found = await readLogo(d, req.params.shopId, req.params.file.replace(/\.png$/, ''));
    if (!found) throw notFound('Logo');
    return reply
      .type('image/png')
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('x-content-type-options', 'nosniff')
      .header('content-length', found.bytes)
      .send(found.body);
  });
}
