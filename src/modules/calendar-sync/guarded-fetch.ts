import type { OutboundGuard } from '../../net/outbound-guard.js';

/**
 * `fetch` for the calendar clients (tsdav, Google's gaxios), through the outbound guard: every address
 * checked at connect time, redirects refused, each call bounded in time and size.
 */
export function guardedFetch(guard: OutboundGuard, options: { timeoutMs: number; signal?: AbortSignal }): typeof fetch {
  return async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = input instanceof Request ? input.url : input;
    const headers = new Headers(input instanceof Request ? input.headers : undefined);
    for (const [k, v] of new Headers(init?.headers)) headers.set(k, v);
    const body = await bodyOf(init?.body ?? (input instanceof Request && input.body ? await input.arrayBuffer() : undefined));
    const signals = [init?.signal, options.signal].filter((s): s is AbortSignal => s instanceof AbortSignal);
    return guard.fetch(url, {
      method: init?.method ?? (input instanceof Request ? input.method : 'GET'),
      headers: Object.fromEntries(headers),
      ...(body === undefined ? {} : { body }),
      ...(signals.length > 0 ? { signal: AbortSignal.any(signals) } : {}),
      timeoutMs: options.timeoutMs,
      maxBytes: 8 * 1024 * 1024,
    });
  };
}

async function bodyOf(body: RequestInit['body'] | ArrayBuffer): Promise<string | Uint8Array | undefined> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  if (body instanceof URLSearchParams) return body.toString();
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof Blob) return new Uint8Array(await body.arrayBuffer());
  throw new Error('a calendar request with a streamed body is not supported');
}
