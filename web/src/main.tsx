import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/dates/styles.css';
import '@mantine/charts/styles.css';
import './app/global.css';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { meQuery } from './api/queries';
import { queryClient } from './app/query-client';
import { makeRouter } from './app/router';
import { cssVariables, theme } from './app/theme';
import { pipelineAt } from './pipelines';

declare global {
  interface Window {
    /** The app's stylesheets, loading, on a page whose first screen the server drew (index.html). */
    __loupeStyles?: Promise<unknown>;
  }
}

// Ask who is signed in, and for the board's jobs (already on their way, see index.html), while the
// router is still starting: the requests run side by side instead of one after the other.
void queryClient.prefetchQuery(meQuery);
const early = window.__loupeEarlyBoard;
const board = early ? pipelineAt(early.base)?.prefetch(queryClient, early.archived) : undefined;

const router = makeRouter(queryClient);
const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root');

const draw = () =>
  createRoot(container).render(
    <StrictMode>
      <MantineProvider theme={theme} defaultColorScheme="light" cssVariablesResolver={cssVariables}>
        <Notifications position="top-right" limit={4} />
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </MantineProvider>
    </StrictMode>,
  );

// The server drew the board's first screen into #root (index.html). React replaces it with its first
// commit, so that commit waits for the page's data and code: the board follows its picture, with no
// empty frame or skeleton in between. On such a page the stylesheets load with the app, and nothing
// is drawn before they are in.
const styles = window.__loupeStyles;
if (container.firstElementChild) void Promise.allSettled([board, router.load(), styles]).then(draw);
else if (styles) void styles.then(draw, draw);
else draw();
