import type { paths } from './schema';

type Me = paths['/api/v1/me']['get']['responses'][200]['content']['application/json'];

declare global {
  interface Window {
    /** Started by an inline script in index.html before the app's JavaScript loads. */
    __loupeEarlyMe?: Promise<Response | null>;
  }
}

/** Who is signed in, as index.html already asked, taken once; null when it was not asked or did not say (the app asks itself). */
export async function takeEarlyMe(): Promise<Me | null> {
  const early = window.__loupeEarlyMe;
  if (!early) return null;
  window.__loupeEarlyMe = undefined;
  const res = await early;
  return res?.ok ? ((await res.json()) as Me) : null;
}
