import { QueryClient } from '@tanstack/react-query';
import { isProblem } from '../api/problem';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A 4xx will not get better by asking again; a dropped connection might.
      retry: (failures, error) => failures < 2 && isProblem(error) && (error.status === 0 || error.status >= 500),
      refetchOnWindowFocus: true,
    },
  },
});
