import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isProblem } from '../api/problem';
import { keys } from '../api/queries';

/**
 * A session that ends mid-shift (expired, or signed out elsewhere) sends the screen to sign-in, then
 * back. Before anyone is known to be signed in, the router's own redirect does this instead.
 */
function toSignIn(error: unknown) {
  if (!isProblem(error, 'unauthenticated') || queryClient.getQueryData(keys.me) === undefined) return;
  const { pathname, search } = window.location;
  if (pathname === '/sign-in' || pathname === '/sign-up') return;
  window.location.assign(`/sign-in?next=${encodeURIComponent(pathname + search)}`);
}

export const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: toSignIn }),
  mutationCache: new MutationCache({ onError: toSignIn }),
  defaultOptions: {
    queries: {
      // A 4xx will not get better by asking again; a dropped connection might.
      retry: (failures, error) => failures < 2 && isProblem(error) && (error.status === 0 || error.status >= 500),
      refetchOnWindowFocus: true,
    },
  },
});
