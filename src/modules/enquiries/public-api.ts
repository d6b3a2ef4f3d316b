import type { FastifyRequest } from 'fastify';
import type { OpenAPIV3_1 } from 'openapi-types';
import { z } from 'zod';
import type { App } from '../../http/types.js';
import { formatBytes } from '../attachments/multipart.js';
import type { EnquiryIntake, SentFile } from './intake.js';
import { ENQUIRY_IMAGE_MAX_BYTES, readForm } from './read-form.js';
import { enquiryChallenge, enquiryForm, MAX_ENQUIRY_IMAGES, publicEnquiryAnswer, publicEnquiryBody, shopSlugParams } from './schemas.js';
import type { PublicShop } from './service.js';

const tags = ['Enquiries'];

/** The multipart body, from the JSON body's schema: its fields as text parts (the consent box sends `on`), and the pictures. */
const multipartBody = ((): OpenAPIV3_1.SchemaObject => {
  const { $schema: _, ...json } = z.toJSONSchema(publicEnquiryBody.extend({ consent: enquiryForm.shape.consent }), { io: 'input', target: 'draft-2020-12' });
  const schema = json as OpenAPIV3_1.SchemaObject;
  return {
    ...schema,
    properties: {
      ...schema.properties,
      images: {
        type: 'array',
        maxItems: MAX_ENQUIRY_IMAGES,
        items: { type: 'string', format: 'binary' },
        description: `Reference pictures, each up to ${formatBytes(ENQUIRY_IMAGE_MAX_BYTES)}`,
      },
    },
  };
})();

/**
 * The public enquiry form as an API, for a shop's own website and other integrations: no session, the
 * same intake as the HTML form (the same allowances, challenge, pictures and checks), and problem+json
 * answers. The post is paid for on request, before its body is read; a multipart body is read next and
 * its fields are checked by the same schema as a JSON one.
 */
export function publicEnquiryApi(app: App, intake: EnquiryIntake) {
  const admitted = new WeakMap<FastifyRequest, PublicShop>();
  const pictures = new WeakMap<FastifyRequest, SentFile[]>();
  const shopOf = (req: FastifyRequest) => {
    const shop = admitted.get(req);
    if (!shop) throw new Error('enquiry post handled before it was admitted');
    return shop;
  };

  app.get(
    '/api/v1/public/shops/:shopSlug/challenge',
    {
      schema: {
        tags,
        summary: 'A proof-of-work challenge for an enquiry to the shop (ALTCHA): solve it and send it with the enquiry',
        description:
          'Solve it with the ALTCHA widget or `altcha-lib` (`solveChallenge`) and send base64 of `{ "challenge", "solution" }` as the enquiry’s `altcha`. A challenge is for this shop only, expires, and is spent by one enquiry. Challenges are limited per address (429 `rate_limited`).',
        security: [],
        'x-problems': ['RateLimited'],
        params: shopSlugParams,
        response: { 200: enquiryChallenge },
      },
    },
    (req) => intake.challenge(req.params.shopSlug, req.ip),
  );

  app.post(
    '/api/v1/public/shops/:shopSlug/enquiries',
    {
      schema: {
        tags,
        summary: 'Send the shop an enquiry, as its public form does: JSON, or multipart with up to 5 pictures',
        description:
          'The fields of the shop’s enquiry form and the solved challenge (`altcha`). A multipart body sends the same fields as text parts (`consent=on`) and the pictures as `images` parts (JPEG, PNG, WebP or HEIC, each up to 10 MB; kept re-encoded, without their metadata). ' +
          'Each address and each shop may send a limited number per hour (429 `rate_limited` with `Retry-After`), counted together with the form’s. ' +
          'A missing, wrong, expired, another shop’s or already spent challenge is 422 `validation_failed` naming `altcha`; a file that is not a photo is 415 with `errors` naming `images`. Nothing is kept from a refused enquiry. ' +
          'A write from a browser on another site is refused (403).',
        security: [],
        'x-problems': ['CrossSite', 'Invalid'],
        'x-multipart-body': { schema: multipartBody, encoding: { images: { contentType: 'image/jpeg, image/png, image/webp, image/heic' } } },
        params: shopSlugParams,
        body: publicEnquiryBody,
        response: { 201: publicEnquiryAnswer },
      },
      onRequest: async (req) => {
        admitted.set(req, await intake.admit(req.params.shopSlug, req.ip));
      },
      preValidation: async (req) => {
        if (!req.isMultipart()) return;
        const form = await readForm(req);
        // The text parts are checked by the body's schema next, as a JSON body is.
        (req as FastifyRequest).body = form.fields;
        pictures.set(req, form.files);
      },
    },
    async (req, reply) => reply.code(201).send(await intake.receive(shopOf(req), req.body, pictures.get(req) ?? [])),
  );
}
