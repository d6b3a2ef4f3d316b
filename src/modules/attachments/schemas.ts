import type { OpenAPIV3_1 } from 'openapi-types';
import { z } from 'zod';
import { attachmentContentTypes } from '../../db/schema/attachments.js';
import { fileBytes, filePart, notModified } from '../../http/openapi-problems.js';
import { id, optionalText, timestamp } from '../../http/schemas.js';
import { sharedVariants, variants } from './links.js';

export const CAPTION_MAX = 500;

export const attachment = z.object({
  id: z.uuid(),
  url: z.string().describe('The file to show: the display JPEG for photos, the PDF itself for PDFs (needs the session)'),
  thumbnailUrl: z.string().describe('A small JPEG (photos) or PNG (a PDF first page) for strips and cards'),
  originalUrl: z.string().describe('The file exactly as uploaded, with its camera metadata; staff only'),
  caption: z.string().nullable(),
  stage: z.string(),
  customerVisible: z.boolean(),
  contentType: z.string().describe('The uploaded file’s type, decided from its bytes'),
  bytes: z.number().int(),
  width: z.number().int().nullable().describe('Upright pixel size (after EXIF orientation); null for PDFs'),
  height: z.number().int().nullable(),
  fileName: z.string().nullable(),
  addedBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  createdAt: timestamp,
});

export const uploadAnswer = z
  .union([attachment, z.object({ items: z.array(attachment) })])
  .describe('One file: the attachment. Several files in one request: `{ items: [attachment, ...] }` in the order sent.');

// The multipart fields, checked once the body has been read.
const flagField = z.enum(['true', 'false', '1', '0', 'on', 'off']).transform((v) => v === 'true' || v === '1' || v === 'on');
export const uploadFields = z.object({
  caption: optionalText(CAPTION_MAX),
  stage: z.string().max(64).optional(),
  customerVisible: flagField.optional(),
});

export const patchBody = z
  .object({
    caption: optionalText(CAPTION_MAX),
    customerVisible: z.boolean().optional(),
    stage: z.string().max(64).optional().describe('Moves the photo to another stage’s group'),
  })
  .strict();

export const fileQuery = z.object({ variant: z.enum(variants).default('display') });

export const sharedParams = z.object({ id, variant: z.enum(sharedVariants) });
// Checked by the route itself, so that any bad link (a missing or mangled part too) is the same 404.
export const sharedQuery = z.object({ expires: z.string().max(20).optional(), sig: z.string().max(100).optional() });

/** A stored file as answered: the types it is kept in (thumbnails and display sizes are JPEG or PNG), or 304 to a conditional GET. */
export const fileAnswer = { produces: [...attachmentContentTypes], response: { 200: fileBytes, 304: notModified } };

/** The upload's multipart/form-data body, for the OpenAPI document: the route reads it itself (multipart.ts). */
export function uploadBody(maxFiles: number): OpenAPIV3_1.MediaTypeObject {
  const { $schema: _, ...fields } = z.toJSONSchema(uploadFields, { target: 'draft-2020-12', io: 'input' }) as OpenAPIV3_1.SchemaObject & { $schema?: string };
  const file = { type: 'array', minItems: 1, maxItems: maxFiles, items: filePart, description: `One part per file, up to ${maxFiles}` } as const;
  return {
    schema: { ...fields, type: 'object', required: ['file'], properties: { file, ...fields.properties } },
    encoding: { file: { contentType: attachmentContentTypes.join(', ') } },
  };
}

export type Attachment = z.infer<typeof attachment>;
export type UploadFields = z.infer<typeof uploadFields>;
export type PatchBody = z.infer<typeof patchBody>;
