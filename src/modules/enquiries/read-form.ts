import type { FastifyRequest } from 'fastify';
import { DomainError } from '../../domain/errors.js';
import { formatBytes } from '../attachments/multipart.js';
import type { SentFile } from './intake.js';
import { MAX_ENQUIRY_IMAGES } from './schemas.js';

/** Each reference picture may be this large, as sent. */
export const ENQUIRY_IMAGE_MAX_BYTES = 10 * 1024 * 1024;

export interface ReadForm {
  fields: Record<string, string>;
  files: SentFile[];
}

/** Reads a multipart enquiry within its limits: a file over the size or a sixth file is refused before more is read. */
export async function readForm(req: FastifyRequest): Promise<ReadForm> {
  if (!req.isMultipart()) throw new DomainError('unsupported_media_type', 'Unsupported media type', 'Send the form as multipart/form-data');
  const fields: Record<string, string> = {};
  const files: SentFile[] = [];
  let current = '';
  try {
    const parts = req.parts({
      limits: { fileSize: ENQUIRY_IMAGE_MAX_BYTES, files: MAX_ENQUIRY_IMAGES, fields: 12, fieldSize: 8 * 1024, parts: MAX_ENQUIRY_IMAGES + 12 },
    });
    for await (const part of parts) {
      if (part.type === 'file') {
        current = part.filename || 'picture';
        const bytes = await part.toBuffer();
        // A file input left empty still sends a nameless, empty part.
        if (bytes.length > 0 || part.filename) files.push({ fileName: current, bytes });
      } else if (typeof part.value === 'string') {
        fields[part.fieldname] = part.value;
      }
    }
  } catch (err) {
    const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
    if (code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new DomainError(
        'payload_too_large',
        'Picture too large',
        `“${current}” is larger than ${formatBytes(ENQUIRY_IMAGE_MAX_BYTES)}; send a smaller photo.`,
        {
          limitBytes: ENQUIRY_IMAGE_MAX_BYTES,
          maxFiles: MAX_ENQUIRY_IMAGES,
        },
      );
    }
    if (
      code === 'FST_FILES_LIMIT' ||
      code === 'FST_PARTS_LIMIT' ||
      code === 'FST_FIELDS_LIMIT' ||
      code === 'FST_PART_FIELD_SIZE_LIMIT' ||
      code === 'FST_FIELD_SIZE_LIMIT'
    ) {
      throw new DomainError(
        'payload_too_large',
        'Too much sent',
        `Send at most ${MAX_ENQUIRY_IMAGES} pictures, each up to ${formatBytes(ENQUIRY_IMAGE_MAX_BYTES)}.`,
        {
          limitBytes: ENQUIRY_IMAGE_MAX_BYTES,
          maxFiles: MAX_ENQUIRY_IMAGES,
        },
      );
    }
    if (err instanceof DomainError) throw err;
    throw new DomainError('bad_request', 'Bad request', 'The form could not be read; please try again.');
  }
  return { fields, files: files.filter((f) => f.bytes.length > 0) };
}
