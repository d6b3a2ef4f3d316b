/**
 * When a session ends under an open screen (it expired, or was signed out elsewhere), a request
 * answers 401. Rather than lose what was typed, the request waits while the sign-in dialog asks for
 * the password again, then goes again. Only while a screen that can show the dialog is open: on the
 * sign-in page, or before anyone signed in, a 401 is just an answer.
 */

type Listener = () => void;

let asking: Promise<boolean> | null = null;
let settle: ((signedIn: boolean) => void) | null = null;
const listeners = new Set<Listener>();
let mounted = 0;

/** Paths whose 401 is an answer in itself: who is signed in, signing in and out, and the public pages' calls. */
const ungated = (path: string) => path === '/api/v1/me' || path.startsWith('/api/v1/session') || path.startsWith('/api/v1/invites') || path === '/api/v1/shops';

export const sessionGate = {
  /** The dialog says it is on screen (and no longer, by the function this returns). */
  mount(): () => void {
    mounted++;
    return () => {
      mounted--;
    };
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  get open(): boolean {
    return asking !== null;
  },
  /** Resolves true once the person has signed in again; false when they chose not to (or nobody can ask). */
  waitForSignIn(): Promise<boolean> {
    if (mounted === 0) return Promise.resolve(false);
    if (!asking) {
      asking = new Promise<boolean>((resolve) => {
        settle = resolve;
      });
      for (const l of listeners) l();
    }
    return asking;
  },
  /** The dialog's outcome: every request waiting on it goes again (or gives up). */
  done(signedIn: boolean) {
    settle?.(signedIn);
    asking = null;
    settle = null;
    for (const l of listeners) l();
  },
};

/**
 * `fetch`, but a 401 from a gated path waits for the person to sign in again and then sends the same
 * request once more. The request is copied before it first goes, so its body can be sent twice.
 */
export async function fetchSignedIn(input: Request): Promise<Response> {
  const path = new URL(input.url, window.location.origin).pathname;
  if (ungated(path)) return fetch(input);
  const again = input.clone();
  const res = await fetch(input);
  if (res.status !== 401) return res;
  if (!(await sessionGate.waitForSignIn())) return res;
  return fetch(again);
}
