import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { InjectOptions, LightMyRequestCallback, LightMyRequestChain, LightMyRequestResponse } from 'fastify';
import type { OpenAPIV3_1 } from 'openapi-types';
import type { App } from '../http/types.js';

/**
 * The OpenAPI document is the contract: every answer the API tests see is checked against the document
 * the app itself generates (`app.swagger()`). The status must be declared for that path and method, the
 * content type declared for that status, and a JSON body valid against its schema. A mismatch throws
 * from the `inject` that got it, naming the operation, the status and the schema error.
 *
 * Deliberately not checked:
 * - routes the document does not list (`hide: true`: the SPA, the customer's HTML pages, /healthz,
 *   the document itself); an /api/ URL that matches no operation is still checked to be a Problem;
 * - bodies of non-JSON media types (images, PDFs, the event stream): only their media type;
 * - response headers.
 */

type Doc = OpenAPIV3_1.Document;
type Responses = OpenAPIV3_1.ResponsesObject;
type Response = OpenAPIV3_1.ResponseObject;
type Method = 'get' | 'put' | 'post' | 'delete' | 'patch';

const HOLDER = 'https://loupe.test/openapi.json';
const methods: readonly Method[] = ['get', 'put', 'post', 'delete', 'patch'];

interface Operation {
  /** `POST /api/v1/bespoke/{id}/stage`, for messages. */
  name: string;
  pattern: RegExp;
  /** Literal segments: the more, the better the match (`/templates/preview` over `/templates/{event}`). */
  weight: number;
  responses: Responses;
}

const isJson = (mediaType: string) => mediaType === 'application/json' || mediaType.endsWith('+json');
const mediaTypeOf = (header: unknown) => (typeof header === 'string' ? (header.split(';')[0] ?? '').trim().toLowerCase() : undefined);

export class OpenApiValidator {
  private static readonly cache = new Map<string, OpenApiValidator>();

  /** One validator per distinct document: compiled once, shared by every test app with the same routes. */
  static for(doc: Doc): OpenApiValidator {
    const key = JSON.stringify(doc);
    let v = OpenApiValidator.cache.get(key);
    if (!v) {
      v = new OpenApiValidator(JSON.parse(key) as Doc);
      OpenApiValidator.cache.set(key, v);
    }
    return v;
  }

  private readonly ajv: Ajv2020;
  private readonly operations: Map<Method, Operation[]>;
  private readonly compiled = new Map<object, ValidateFunction>();

  private constructor(private readonly doc: Doc) {
    this.ajv = new Ajv2020({ allErrors: true, strict: true, logger: false });
    addFormats.default(this.ajv);
    // OpenAPI 3.1's own schema keywords: annotations as far as validation goes.
    this.ajv.addVocabulary(['discriminator', 'xml', 'externalDocs', 'example']);
    this.ajv.addSchema({ $id: HOLDER, $defs: rewrite(doc.components?.schemas ?? {}) });
    this.operations = new Map(methods.map((m) => [m, []]));
    for (const [path, item] of Object.entries(doc.paths ?? {})) {
      for (const method of methods) {
        const op = item?.[method];
        if (!op) continue;
        const segments = path.split('/');
        const pattern = new RegExp(`^${segments.map((s) => (/^\{.+\}$/.test(s) ? '[^/]+' : s.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))).join('/')}$`);
        const weight = segments.filter((s) => !s.startsWith('{')).length;
        this.operations.get(method)?.push({ name: `${method.toUpperCase()} ${path}`, pattern, weight, responses: op.responses ?? {} });
      }
    }
    for (const list of this.operations.values()) list.sort((a, b) => b.weight - a.weight);
  }

  /** What is wrong with this answer to `method url`, or an empty list. */
  check(method: string, url: string, res: LightMyRequestResponse): string[] {
    const path = (url.split('?')[0] ?? url).split('#')[0] ?? url;
    const m = method.toLowerCase();
    const head = m === 'head';
    const op = this.operations.get((head ? 'get' : m) as Method)?.find((o) => o.pattern.test(path));
    const status = String(res.statusCode);
    const mediaType = mediaTypeOf(res.headers['content-type']);
    if (!op) {
      // No operation: a hidden route (page, health, the document), or a 404 for an unknown /api/ path.
      if (!path.startsWith('/api/v1/') || path === '/api/v1/openapi.json') return [];
      if (mediaType !== 'application/problem+json')
        return [`${method} ${path} matches no operation and answered ${status} ${mediaType ?? '(no content type)'}, not a problem`];
      return this.checkBody(`${method} ${path} (no operation)`, status, mediaType, this.problemSchema(), res);
    }
    const where = `${op.name} answered ${status}`;
    const declared = op.responses[status] ?? op.responses[`${status[0]}XX`] ?? op.responses.default;
    if (!declared) return [`${where}, which it does not declare (declared: ${Object.keys(op.responses).join(', ')}); body: ${snippet(res)}`];
    const response = this.resolve(declared);
    const content = response.content ?? {};
    const declaredTypes = Object.keys(content);
    const bodyless = res.rawPayload.length === 0;
    if (declaredTypes.length === 0) {
      return bodyless ? [] : [`${where} with a ${mediaType ?? 'typeless'} body, but declares no content`];
    }
    if (head) return [];
    if (bodyless && mediaType === undefined) return [`${where} with no body, but declares ${declaredTypes.join(', ')}`];
    const media = mediaType === undefined ? undefined : (content[mediaType] ?? content[`${mediaType.split('/')[0]}/*`] ?? content['*/*']);
    if (!media || mediaType === undefined) return [`${where} as ${mediaType ?? '(no content type)'}, but declares ${declaredTypes.join(', ')}`];
    if (!isJson(mediaType) || !media.schema) return [];
    return this.checkBody(where, status, mediaType, media.schema, res);
  }

  private checkBody(where: string, _status: string, mediaType: string, schema: object, res: LightMyRequestResponse): string[] {
    let body: unknown;
    try {
      body = JSON.parse(decoded(res));
    } catch {
      return [`${where} as ${mediaType}, but the body is not JSON: ${snippet(res)}`];
    }
    const validate = this.compile(schema);
    if (validate(body)) return [];
    return [`${where} as ${mediaType}, a body its schema refuses: ${formatErrors(validate.errors ?? [])}; body: ${snippet(res)}`];
  }

  private compile(schema: object): ValidateFunction {
    let v = this.compiled.get(schema);
    if (!v) {
      v = this.ajv.compile(rewrite(schema) as object);
      this.compiled.set(schema, v);
    }
    return v;
  }

  private problemSchema(): object {
    const problem = this.doc.components?.schemas?.Problem;
    if (!problem) throw new Error('the OpenAPI document has no Problem schema');
    return problem;
  }

  private resolve(r: OpenAPIV3_1.ReferenceObject | Response): Response {
    if (!('$ref' in r)) return r;
    const name = r.$ref.replace('#/components/responses/', '');
    const found = this.doc.components?.responses?.[name];
    if (!found) throw new Error(`the OpenAPI document points at ${r.$ref}, which it does not define`);
    return this.resolve(found);
  }
}

/** The document's schemas as Ajv reads them: refs into one holder schema, `$schema` dropped where not at a root. */
function rewrite(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewrite);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === '$schema') continue;
    out[k] =
      k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/')
        ? `${HOLDER}#/$defs/${v.slice('#/components/schemas/'.length)}`
        : rewrite(v);
  }
  return out;
}

function decoded(res: LightMyRequestResponse): string {
  const encoding = res.headers['content-encoding'];
  const raw = res.rawPayload;
  if (encoding === 'br') return brotliDecompressSync(raw).toString('utf8');
  if (encoding === 'gzip') return gunzipSync(raw).toString('utf8');
  if (encoding === 'deflate') return inflateSync(raw).toString('utf8');
  return raw.toString('utf8');
}

function snippet(res: LightMyRequestResponse): string {
  const type = mediaTypeOf(res.headers['content-type']) ?? '';
  if (res.rawPayload.length === 0) return '(empty)';
  if (!type.startsWith('text/') && !isJson(type)) return `(${res.rawPayload.length} bytes of ${type || 'untyped data'})`;
  const text = decoded(res);
  return text.length > 400 ? `${text.slice(0, 400)}…` : text;
}

function formatErrors(errors: ErrorObject[]): string {
  return errors
    .map((e) => {
      const at = e.instancePath || '(the body)';
      const extra =
        e.keyword === 'additionalProperties'
          ? ` (${String(e.params.additionalProperty)})`
          : e.keyword === 'enum'
            ? ` (${JSON.stringify(e.params.allowedValues)})`
            : '';
      return `${at} ${e.message ?? e.keyword}${extra}`;
    })
    .join('; ');
}

export class OpenApiMismatch extends Error {
  override name = 'OpenApiMismatch';
}

/**
 * Makes `app.inject` check every answer against the app's own OpenAPI document (built on first use, once
 * the app is ready). A mismatch rejects the inject's promise with an OpenApiMismatch.
 */
export function checkResponsesAgainstOpenApi(app: App): void {
  const original = app.inject.bind(app);
  let validator: OpenApiValidator | undefined;
  async function checkedInject(opts: InjectOptions | string): Promise<LightMyRequestResponse> {
    const res = await original(opts);
    validator ??= OpenApiValidator.for(app.swagger() as Doc);
    const method = typeof opts === 'string' ? 'GET' : String(opts.method ?? 'GET').toUpperCase();
    const target = typeof opts === 'string' ? opts : (opts.url ?? opts.path ?? '/');
    const problems = validator.check(method, typeof target === 'string' ? target : target.pathname, res);
    if (problems.length > 0) throw new OpenApiMismatch(`The answer does not match the OpenAPI document:\n- ${problems.join('\n- ')}`);
    return res;
  }
  function inject(): LightMyRequestChain;
  function inject(opts: InjectOptions | string): Promise<LightMyRequestResponse>;
  function inject(opts: InjectOptions | string, cb: LightMyRequestCallback): void;
  function inject(opts?: InjectOptions | string, cb?: LightMyRequestCallback) {
    // The chained and callback forms are passed through unchecked; the tests await the promise form.
    if (opts === undefined) return original();
    if (cb) return original(opts, cb);
    return checkedInject(opts);
  }
  Object.defineProperty(app, 'inject', { value: inject, configurable: true, writable: true });
}
