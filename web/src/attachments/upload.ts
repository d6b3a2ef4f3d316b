import { api } from '../api/client';
import { ApiProblem, toProblem, unwrap } from '../api/problem';
import type { paths } from '../api/schema';
import { fetchSignedIn } from '../api/session-gate';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
export type Attachment = Json<paths['/api/v1/attachments/{id}']['patch']['responses'][200]>;
export type AttachmentPatch = Json<paths['/api/v1/attachments/{id}']['patch']['requestBody']>;
/** The pipeline's base path: `bespoke`, `repairs`. */
export type JobKind = string;

export interface UploadFields {
  caption?: string | null;
  stage?: string | null;
  customerVisible?: boolean;
}

/** Sends files as one multipart request (the server takes up to ten); answers the attachments made, in order. */
export async function uploadAttachments(kind: JobKind, jobId: string, files: readonly File[], fields: UploadFields = {}): Promise<Attachment[]> {
  const form = new FormData();
  if (fields.caption?.trim()) form.append('caption', fields.caption.trim());
  if (fields.stage) form.append('stage', fields.stage);
  if (fields.customerVisible !== undefined) form.append('customerVisible', String(fields.customerVisible));
  for (const f of files) form.append('file', f, f.name);
  let res: Response;
  try {
    res = await fetchSignedIn(
      new Request(`/api/v1/${kind}/${encodeURIComponent(jobId)}/attachments`, { method: 'POST', body: form, credentials: 'same-origin' }),
    );
  } catch {
    throw new ApiProblem(0, 'network', 'Cannot reach Loupe', 'Check the connection and try again.', [], {});
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) throw toProblem(body, res);
  if (body && typeof body === 'object' && 'items' in body && Array.isArray(body.items)) return body.items as Attachment[];
  return [body as Attachment];
}

export const patchAttachment = (id: string, body: AttachmentPatch) => unwrap(api.PATCH('/api/v1/attachments/{id}', { params: { path: { id } }, body }));
export const deleteAttachment = (id: string) => unwrap(api.DELETE('/api/v1/attachments/{id}', { params: { path: { id } } }));
