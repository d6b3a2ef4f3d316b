import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createMemoryHistory, RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { renderToString } from 'react-dom/server';
import { keys } from '../api/queries';
import { makeRouter } from '../app/router';
import { cssVariables, theme } from '../app/theme';
import { type ColumnHead, FirstScreenContext } from '../pipeline/board/first-screen';
import type { WireCard } from '../pipeline/wire-card';
import { pipelineAt } from '../pipelines';

/** What the server knows when a signed-in member opens a board: who they are, and the board's first screen. */
export interface FirstScreenInput {
  /** The page asked for, such as `/bespoke`. */
  url: string;
  /** The answer of `GET /api/v1/me`. */
  me: unknown;
  /** The answer of `GET /api/v1/{pipeline}/board/first-screen`. */
  screen: { columns: (ColumnHead & { stage: string })[]; items: WireCard<string>[] };
}

/**
 * The staff app's first screen of a board as HTML, drawn by the app's own router, layout and board
 * with what the server already read: the page is painted before any of the app's JavaScript has
 * loaded. The app then draws the same page over it (web/src/main.tsx). Null when the page is not a
 * board the app would draw as it stands (the router sends it elsewhere, or the pipeline is unknown).
 */
export async function renderFirstScreen({ url, me, screen }: FirstScreenInput): Promise<string | null> {
  const base = new URL(url, 'http://loupe').pathname.slice(1);
  const p = pipelineAt(base);
  if (!p) return null;
  const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: Number.POSITIVE_INFINITY, retry: false } } });
  queryClient.setQueryData(keys.me, me);
  p.seedBoard(queryClient, screen.items);
  const router = makeRouter(queryClient, { history: createMemoryHistory({ initialEntries: [url] }) });
  await router.load();
  const match = router.state.matches.at(-1);
  if (router.state.location.pathname !== `/${base}` || match?.status !== 'success') return null;
  const heads = new Map(screen.columns.map((c) => [c.stage, { count: c.count, cents: c.cents }]));
  const total = screen.columns.reduce((sum, c) => sum + c.count, 0);
  // A picture of the page until the app draws it over (main.tsx): nothing in it can be focused or
  // clicked, and assistive technology waits for the app, which follows within the second.
  return `<div inert aria-hidden="true">${renderToString(
    <StrictMode>
      <MantineProvider theme={theme} defaultColorScheme="light" cssVariablesResolver={cssVariables}>
        <QueryClientProvider client={queryClient}>
          <FirstScreenContext.Provider value={{ heads, total }}>
            <RouterProvider router={router} />
          </FirstScreenContext.Provider>
        </QueryClientProvider>
      </MantineProvider>
    </StrictMode>,
  )}</div>`;
}
