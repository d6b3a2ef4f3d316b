/**
 * RFC 9457 problem details as the server sends them for every error. The OpenAPI document does not
 * declare error responses, so this is the one shape the client reads by guard rather than by type.
 */
export interface FieldError {
  path: string;
  message: string;
}

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail: string,
    readonly errors: FieldError[],
    readonly body: Record<string, unknown>,
  ) {
    super(detail || title);
  }

  /** Field errors keyed by their top-level field, for forms. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.errors) {
      const key = e.path.split('.')[0] ?? e.path;
      out[key] ??= e.message;
    }
    return out;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function toProblem(body: unknown, response: Response): ApiProblem {
  const b = isRecord(body) ? body : {};
  const str = (k: string, fallback: string) => (typeof b[k] === 'string' ? (b[k] as string) : fallback);
  const errors = Array.isArray(b.errors) ? b.errors.filter(isRecord).map((e) => ({ path: String(e.path ?? ''), message: String(e.message ?? 'Invalid') })) : [];
  const title = str('title', response.statusText || 'Request failed');
  return new ApiProblem(response.status, str('code', `http_${response.status}`), title, str('detail', title), errors, b);
}

/** Unwraps an openapi-fetch answer: the data, or an ApiProblem thrown. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let answer: { data?: T; error?: unknown; response: Response };
  try {
    answer = await call;
  } catch {
    throw new ApiProblem(0, 'network', 'Cannot reach Loupe', 'Check the connection and try again.', [], {});
  }
  if (!answer.response.ok) throw toProblem(answer.error, answer.response);
  return answer.data as T;
}

export const isProblem = (e: unknown, code?: string): e is ApiProblem => e instanceof ApiProblem && (code === undefined || e.code === code);
