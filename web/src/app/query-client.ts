import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isProblem } from '../api/problem';

/** A session that ends mid-shift (expired, or signed out elsewhere) sends the screen to sign-in, then back. */
function toSignIn(error: unknown) {
  if (!isProblem(error, 'unauthenticated')) return;
  const { pathname, search } = window.location;
  if (pathname === '/sign-in' || pathname === '/sign-up') return;
  window.location.assign(`/sign-in?next=${encodeURIComponent(pathname + search)}`);
}

export const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: (error, query) => query.queryKey[0] !== 'me' && toSignIn(error) }),
  mutationCache: new MutationCache({ onError: toSignIn }),
  defaultOptions: {
    queries: {
      // A 4xx will not get better by asking again; a dropped connection might.
      retry: (failures, error) => failures < 2 && isProblem(error) && (error.status === 0 || error.status >= 500),
      refetchOnWindowFocus: true,
    },
  },
});
