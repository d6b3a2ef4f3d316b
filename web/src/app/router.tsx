import type { QueryClient } from '@tanstack/react-query';
import { createRootRouteWithContext, createRoute, createRouter, lazyRouteComponent, Outlet, redirect } from '@tanstack/react-router';
import { isProblem } from '../api/problem';
import { meQuery } from '../api/queries';
import { SignInPage } from '../auth/SignInPage';
import { SignUpPage } from '../auth/SignUpPage';
import { BoardPage } from '../bespoke/BoardPage';
import { parseBoardSearch } from '../bespoke/board-search';
import { AppLayout } from '../layout/AppLayout';
import { NotFoundPage } from '../layout/NotFoundPage';
import { RouteError } from '../layout/RouteError';

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
    throw redirect({ to: '/bespoke' });
  },
});

const board = createRoute({ getParentRoute: () => staff, path: '/bespoke', validateSearch: parseBoardSearch, component: BoardPage });

const newJob = createRoute({
  getParentRoute: () => staff,
  path: '/bespoke/new',
  component: lazyRouteComponent(() => import('../bespoke/form/NewJobPage'), 'NewJobPage'),
});

export const jobRoute = createRoute({
  getParentRoute: () => staff,
  path: '/bespoke/$id',
  component: lazyRouteComponent(() => import('../bespoke/detail/JobDetailPage'), 'JobDetailPage'),
});

export const editJobRoute = createRoute({
  getParentRoute: () => staff,
  path: '/bespoke/$id/edit',
  component: lazyRouteComponent(() => import('../bespoke/form/EditJobPage'), 'EditJobPage'),
});

const intake = createRoute({
  getParentRoute: () => staff,
  path: '/intake',
  component: lazyRouteComponent(() => import('../intake/IntakePage'), 'IntakePage'),
});

const workshop = createRoute({
  getParentRoute: () => staff,
  path: '/workshop',
  component: lazyRouteComponent(() => import('../workshop/WorkshopPage'), 'WorkshopPage'),
});

const repairsBoard = createRoute({
  getParentRoute: () => staff,
  path: '/repairs',
  component: lazyRouteComponent(() => import('../repairs/RepairsPage'), 'RepairsPage'),
});
const newRepair = createRoute({
  getParentRoute: () => staff,
  path: '/repairs/new',
  component: lazyRouteComponent(() => import('../repairs/form/NewRepairPage'), 'NewRepairPage'),
});
export const repairRoute = createRoute({
  getParentRoute: () => staff,
  path: '/repairs/$id',
  component: lazyRouteComponent(() => import('../repairs/detail/RepairDetailPage'), 'RepairDetailPage'),
});
export const editRepairRoute = createRoute({
  getParentRoute: () => staff,
  path: '/repairs/$id/edit',
  component: lazyRouteComponent(() => import('../repairs/form/EditRepairPage'), 'EditRepairPage'),
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

const tree = root.addChildren([
  signIn,
  signUp,
  staff.addChildren([
    home,
    board,
    newJob,
    jobRoute,
    editJobRoute,
    intake,
    workshop,
    repairsBoard,
    newRepair,
    repairRoute,
    editRepairRoute,
    messages,
    notificationSettings,
    staffSettings,
    shopSettings,
    customers,
    customerRoute,
  ]),
]);

export function makeRouter(queryClient: QueryClient) {
  return createRouter({ routeTree: tree, context: { queryClient }, defaultPreload: 'intent', defaultErrorComponent: RouteError, scrollRestoration: true });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof makeRouter>;
  }
}
