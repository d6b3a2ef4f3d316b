import type { FastifyRequest } from 'fastify';
import { DomainError } from '../../domain/errors.js';
import type { IncomingFile } from './service.js';

/** Files one upload request may carry. */
export const MAX_FILES_PER_UPLOAD = 10;

export const formatBytes = (n: number) =>
  n >= 1024 * 1024 ? `${Number((n / (1024 * 1024)).toFixed(1))} MB` : n >= 1024 ? `${Number((n / 1024).toFixed(1))} KB` : `${n} bytes`;

export const multipartLimits = (maxBytes: number) => ({
  fileSize: maxBytes,
  files: MAX_FILES_PER_UPLOAD,
  fields: 10,
  fieldSize: 4096,
  parts: MAX_FILES_PER_UPLOAD + 10,
});

const tooLarge = (detail: string, maxBytes: number) =>
  new DomainError('payload_too_large', 'File too large', detail, { limitBytes: maxBytes, maxFiles: MAX_FILES_PER_UPLOAD });

const codeOf = (err: unknown) => (typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '');

/** Reads every part of a multipart upload into memory, within the per-file and per-request limits. */
export async function readUpload(req: FastifyRequest, maxBytes: number): Promise<{ files: IncomingFile[]; fields: Record<string, string> }> {
  if (!req.isMultipart()) {
    throw new DomainError('unsupported_media_type', 'Unsupported media type', 'Send files as multipart/form-data with a "file" part for each file');
  }
  const files: IncomingFile[] = [];
  const fields: Record<string, string> = {};
  let current = '';
  try {
    for await (const part of req.parts({ limits: multipartLimits(maxBytes) })) {
      if (part.type === 'file') {
        current = part.filename || 'file';
        files.push({ fileName: current, bytes: await part.toBuffer() });
      } else if (typeof part.value === 'string') {
        fields[part.fieldname] = part.value;
      }
    }
  } catch (err) {
    const code = codeOf(err);
    if (code === 'FST_REQ_FILE_TOO_LARGE') {
      throw tooLarge(`"${current}" is larger than the limit of ${formatBytes(maxBytes)} per file; nothing was stored.`, maxBytes);
    }
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
      throw tooLarge(`At most ${MAX_FILES_PER_UPLOAD} files per upload, each up to ${formatBytes(maxBytes)}; nothing was stored.`, maxBytes);
    }
    if (err instanceof DomainError) throw err;
    throw new DomainError('bad_request', 'Bad request', 'The multipart body could not be read');
  }
  if (files.length === 0) {
    throw new DomainError('validation_failed', 'Validation failed', 'Attach at least one file', { errors: [{ path: 'file', message: 'Required' }] });
  }
  return { files, fields };
}
