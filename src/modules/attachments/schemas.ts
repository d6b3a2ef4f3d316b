import { z } from 'zod';
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

export type Attachment = z.infer<typeof attachment>;
export type UploadFields = z.infer<typeof uploadFields>;
export type PatchBody = z.infer<typeof patchBody>;
