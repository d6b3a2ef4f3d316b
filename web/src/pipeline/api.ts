import { ApiProblem, toProblem } from '../api/problem';
import type { paths } from '../api/schema';
import { fetchSignedIn } from '../api/session-gate';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
type Answer<K, M extends string, C extends number> = K extends keyof paths
  ? paths[K] extends { [m in M]: { responses: { [c in C]: infer R } } }
    ? Json<R>
    : never
  : never;
type Body<K, M extends string> = K extends keyof paths ? (paths[K] extends { [m in M]: { requestBody?: infer R } } ? Json<NonNullable<R>> : never) : never;

/** Every API path with a stage move names a pipeline: `/api/v1/{base}/{id}/stage`. */
export type PipelineBase = { [K in keyof paths]: K extends `/api/v1/${infer B}/{id}/stage` ? B : never }[keyof paths];

/** One pipeline's shapes, read off the generated OpenAPI types by its base path; nothing is declared by hand. */
export interface PipelineTypes<B extends PipelineBase> {
  job: Answer<`/api/v1/${B}`, 'get', 200> extends { items: (infer I)[] } ? I : never;
  card: Answer<`/api/v1/${B}/board`, 'get', 200> extends { items: (infer I)[] } ? I : never;
  detail: Answer<`/api/v1/${B}/{id}`, 'get', 200>;
  create: Body<`/api/v1/${B}`, 'post'>;
  patch: Body<`/api/v1/${B}/{id}`, 'patch'>;
  payment: Body<`/api/v1/${B}/{id}/payments`, 'post'>;
  paid: Answer<`/api/v1/${B}/{id}/payments`, 'post', 201>;
  voided: Answer<`/api/v1/${B}/{id}/payments/{paymentId}/void`, 'post', 200>;
  moved: Answer<`/api/v1/${B}/{id}/stage`, 'post', 200>;
  comment: Answer<`/api/v1/${B}/{id}/comments`, 'post', 201>;
  thread: Answer<`/api/v1/${B}/{id}/messages`, 'get', 200>;
  memoItems: Answer<`/api/v1/${B}/{id}/memo-items`, 'get', 200>;
}

/**
 * A JSON call to one of a pipeline's paths. The paths differ only by the pipeline's base, which
 * openapi-fetch cannot take as a variable; the shapes still come from the schema, through `PipelineTypes`.
 */
async function send<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown, key?: string): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (key) headers['Idempotency-Key'] = key;
  let res: Response;
  try {
    res = await fetchSignedIn(new Request(url, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) }));
  } catch {
    throw new ApiProblem(0, 'network', 'Cannot reach Loupe', 'Check the connection and try again.', [], {});
  }
  const data: unknown = await res.json().catch(() => undefined);
  if (!res.ok) throw toProblem(data, res);
  return data as T;
}

/** The calls every pipeline answers, under `/api/v1/{base}`. */
export function pipelineApi<B extends PipelineBase>(base: B) {
  type T = PipelineTypes<B>;
  const root = `/api/v1/${base}`;
  const one = (id: string) => `${root}/${encodeURIComponent(id)}`;
  return {
    board: async (archived: boolean) => (await send<{ items: T['card'][] }>('GET', `${root}/board${archived ? '?archived=true' : ''}`)).items,
    one: (id: string) => send<T['detail']>('GET', one(id)),
    create: (body: T['create'], key: string) => send<T['job']>('POST', root, body, key),
    patch: (id: string, body: T['patch']) => send<T['job']>('PATCH', one(id), body),
    move: (id: string, body: { to: string; from: string; note: string | null }) => send<T['moved']>('POST', `${one(id)}/stage`, body),
    comment: (id: string, body: string, key: string) => send<T['comment']>('POST', `${one(id)}/comments`, { body }, key),
    pay: (id: string, body: T['payment'], key: string) => send<T['paid']>('POST', `${one(id)}/payments`, body, key),
    voidPayment: (id: string, paymentId: string, reason: string, key: string) =>
      send<T['voided']>('POST', `${one(id)}/payments/${encodeURIComponent(paymentId)}/void`, { reason }, key),
    resend: (id: string, key: string) => send<unknown>('POST', `${one(id)}/notifications`, {}, key),
    thread: (id: string) => ({
      list: () => send<T['thread']>('GET', `${one(id)}/messages`),
      markRead: () => send<unknown>('POST', `${one(id)}/messages/read`),
      reply: (body: string, key: string) => send<unknown>('POST', `${one(id)}/messages`, { body }, key),
    }),
    /** The memo items the job uses (memo & consignment). */
    memoItems: (id: string) => ({
      list: () => send<T['memoItems']>('GET', `${one(id)}/memo-items`),
      link: (itemId: string) => send<T['memoItems']>('POST', `${one(id)}/memo-items/${encodeURIComponent(itemId)}`),
      unlink: (itemId: string) => send<T['memoItems']>('DELETE', `${one(id)}/memo-items/${encodeURIComponent(itemId)}`),
    }),
  };
}
