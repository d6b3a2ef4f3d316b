import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  notFound,
  Outlet,
  type RouterHistory,
  redirect,
} from '@tanstack/react-router';
import { isProblem } from '../api/problem';
import { meQuery } from '../api/queries';
import { SignInPage } from '../auth/SignInPage';
import { SignUpPage } from '../auth/SignUpPage';
import { AppLayout } from '../layout/AppLayout';
import { NotFoundPage } from '../layout/NotFoundPage';
import { usePageTitle } from '../layout/page-title';
import { RouteError } from '../layout/RouteError';
import { parseBoardSearch } from '../pipeline/board/board-search';
import { mainPipeline, pipelineAt, pipelines } from '../pipelines';
import { isDay, presets } from '../reports/presets';
import type { ReportsSearch } from '../reports/ReportsPage';

export interface RouterContext {
  queryClient: QueryClient;
}

const root = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: () => (
    <main>
      <NotFoundPage />
    </main>
  ),
});

const safeNext = (next: unknown): string | undefined => (typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') ? next : undefined);

const signIn = createRoute({
  getParentRoute: () => root,
  path: '/sign-in',
  validateSearch: (s: Record<string, unknown>): { next?: string } => {
    const next = safeNext(s.next);
    return next ? { next } : {};
  },
  component: SignInPage,
});

const signUp = createRoute({ getParentRoute: () => root, path: '/sign-up', component: SignUpPage });

/** The link in an invitation e-mail: no session yet. */
const invite = createRoute({
  getParentRoute: () => root,
  path: '/invite/$token',
  component: lazyRouteComponent(() => import('../auth/InvitePage'), 'InvitePage'),
});

/** Every staff screen sits under this: no session, no screen. */
const staff = createRoute({
  getParentRoute: () => root,
  id: 'staff',
  beforeLoad: async ({ context, location }) => {
    try {
      await context.queryClient.ensureQueryData(meQuery);
    } catch (e) {
      if (isProblem(e, 'unauthenticated')) throw redirect({ to: '/sign-in', search: { next: location.href } });
      throw e;
    }
  },
  component: AppLayout,
  errorComponent: RouteError,
});

const home = createRoute({
  getParentRoute: () => staff,
  path: '/',
  beforeLoad: () => {
    throw redirect({ to: '/$pipeline', params: { pipeline: mainPipeline.base } });
  },
});

/** The pipeline a path names (`/bespoke`, `/repairs`); any other word is not a page. */
const pipelineOf = (params: { pipeline: string }) => {
  const p = pipelineAt(params.pipeline);
  if (!p) throw notFound();
  return p;
};

const board = createRoute({
  getParentRoute: () => staff,
  path: '/$pipeline',
  validateSearch: parseBoardSearch,
  beforeLoad: ({ params }) => ({ pipeline: pipelineOf(params) }),
  component: function Board() {
    const p = board.useRouteContext().pipeline;
    usePageTitle(p.words.title);
    return <p.Board key={p.base} />;
  },
});

const newJob = createRoute({
  getParentRoute: () => staff,
  path: '/$pipeline/new',
  beforeLoad: ({ params }) => ({ pipeline: pipelineOf(params) }),
  component: function NewJob() {
    const p = newJob.useRouteContext().pipeline;
    usePageTitle(p.words.newTitle);
    return <p.New key={p.base} />;
  },
});

export const jobRoute = createRoute({
  getParentRoute: () => staff,
  path: '/$pipeline/$id',
  beforeLoad: ({ params }) => ({ pipeline: pipelineOf(params) }),
  component: function Job() {
    const p = jobRoute.useRouteContext().pipeline;
    return <p.Detail key={p.base} id={jobRoute.useParams().id} />;
  },
});

export const editJobRoute = createRoute({
  getParentRoute: () => staff,
  path: '/$pipeline/$id/edit',
  beforeLoad: ({ params }) => ({ pipeline: pipelineOf(params) }),
  component: function EditJob() {
    const p = editJobRoute.useRouteContext().pipeline;
    usePageTitle(`Edit ${p.words.one}`);
    return <p.Edit key={p.base} id={editJobRoute.useParams().id} />;
  },
});

const intake = createRoute({
  getParentRoute: () => staff,
  path: '/intake',
  // The tab in the address: a reload at the counter comes back to the draft that was being filled in.
  // An unknown tab is named undefined rather than left out: the root's unchecked search would pass it through.
  validateSearch: (s: Record<string, unknown>): { tab?: string | undefined } => ({ tab: pipelines.some((p) => p.base === s.tab) ? String(s.tab) : undefined }),
  component: lazyRouteComponent(() => import('../intake/IntakePage'), 'IntakePage'),
});

const workshop = createRoute({
  getParentRoute: () => staff,
  path: '/workshop',
  component: lazyRouteComponent(() => import('../workshop/WorkshopPage'), 'WorkshopPage'),
});

const calendar = createRoute({
  getParentRoute: () => staff,
  path: '/workshop/calendar',
  component: lazyRouteComponent(() => import('../calendar/CalendarPage'), 'CalendarPage'),
});

const messages = createRoute({
  getParentRoute: () => staff,
  path: '/messages',
  component: lazyRouteComponent(() => import('../notifications/MessagesPage'), 'MessagesPage'),
});

const notificationSettings = createRoute({
  getParentRoute: () => staff,
  path: '/settings/notifications',
  component: lazyRouteComponent(() => import('../notifications/NotificationSettingsPage'), 'NotificationSettingsPage'),
});

const calendarSyncSettings = createRoute({
  getParentRoute: () => staff,
  path: '/settings/calendar-sync',
  validateSearch: (s: Record<string, unknown>): { connected?: string; problem?: string } => ({
    ...(typeof s.connected === 'string' ? { connected: s.connected } : {}),
    ...(typeof s.problem === 'string' ? { problem: s.problem.slice(0, 300) } : {}),
  }),
  component: lazyRouteComponent(() => import('../calendar-sync/CalendarSyncPage'), 'CalendarSyncPage'),
});

const staffSettings = createRoute({
  getParentRoute: () => staff,
  path: '/settings/staff',
  component: lazyRouteComponent(() => import('../settings/StaffSettingsPage'), 'StaffSettingsPage'),
});

const shopSettings = createRoute({
  getParentRoute: () => staff,
  path: '/settings/shop',
  component: lazyRouteComponent(() => import('../settings/ShopSettingsPage'), 'ShopSettingsPage'),
});

const customers = createRoute({
  getParentRoute: () => staff,
  path: '/customers',
  component: lazyRouteComponent(() => import('../customers/CustomersPage'), 'CustomersPage'),
});
export const customerRoute = createRoute({
  getParentRoute: () => staff,
  path: '/customers/$id',
  component: lazyRouteComponent(() => import('../customers/CustomerPage'), 'CustomerPage'),
});

const passports = createRoute({
  getParentRoute: () => staff,
  path: '/passports',
  component: lazyRouteComponent(() => import('../passports/PassportsPage'), 'PassportsPage'),
});

export const passportRoute = createRoute({
  getParentRoute: () => staff,
  path: '/passports/$id',
  component: lazyRouteComponent(() => import('../passports/PassportPage'), 'PassportPage'),
});

const enquiries = createRoute({
  getParentRoute: () => staff,
  path: '/enquiries',
  component: lazyRouteComponent(() => import('../enquiries/EnquiriesPage'), 'EnquiriesPage'),
});
export const enquiryRoute = createRoute({
  getParentRoute: () => staff,
  path: '/enquiries/$id',
  component: lazyRouteComponent(() => import('../enquiries/EnquiryPage'), 'EnquiryPage'),
});

const memos = createRoute({
  getParentRoute: () => staff,
  path: '/memos',
  component: lazyRouteComponent(() => import('../memos/MemosPage'), 'MemosPage'),
});
/** The shorter address some say. */
const memoAlias = createRoute({
  getParentRoute: () => staff,
  path: '/memo',
  beforeLoad: () => {
    throw redirect({ to: '/memos' });
  },
});
const newMemo = createRoute({
  getParentRoute: () => staff,
  path: '/memos/new',
  component: lazyRouteComponent(() => import('../memos/NewMemoPage'), 'NewMemoPage'),
});
export const memoRoute = createRoute({
  getParentRoute: () => staff,
  path: '/memos/$id',
  component: lazyRouteComponent(() => import('../memos/MemoPage'), 'MemoPage'),
});

const reports = createRoute({
  getParentRoute: () => staff,
  path: '/reports',
  validateSearch: (s: Record<string, unknown>): ReportsSearch => {
    const preset = presets.find((p) => p === s.preset);
    return {
      ...(preset ? { preset } : {}),
      ...(isDay(s.from) ? { from: s.from } : {}),
      ...(isDay(s.to) ? { to: s.to } : {}),
    };
  },
  component: lazyRouteComponent(() => import('../reports/ReportsPage'), 'ReportsPage'),
});

const tree = root.addChildren([
  signIn,
  signUp,
  invite,
  staff.addChildren([
    home,
    board,
    newJob,
    jobRoute,
    editJobRoute,
    intake,
    workshop,
    calendar,
    messages,
    notificationSettings,
    calendarSyncSettings,
    staffSettings,
    shopSettings,
    customers,
    customerRoute,
    passports,
    passportRoute,
    enquiries,
    enquiryRoute,
    memos,
    memoAlias,
    newMemo,
    memoRoute,
    reports,
  ]),
]);

/**
 * The staff app's router. The server's first screen gives it a memory history at the page asked for,
 * and no scroll restoration: that writes an inline script into the page, which the page's policy
 * would refuse and a first paint has no use for.
 */
export function makeRouter(queryClient: QueryClient, onServer?: { history: RouterHistory }) {
  return createRouter({
    routeTree: tree,
    context: { queryClient },
    defaultPreload: 'intent',
    defaultErrorComponent: RouteError,
    scrollRestoration: !onServer,
    ...(onServer ? { history: onServer.history } : {}),
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof makeRouter>;
  }
}
