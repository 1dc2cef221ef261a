import { type ComponentType, type LazyExoticComponent, lazy } from 'react';

/** Sections of the side navigation, in display order; label key `nav.group.<id>`. */
export const NAV_GROUPS = ['operations', 'admin'] as const;

/** One navigation section. */
export type NavGroup = (typeof NAV_GROUPS)[number];

/** One screen reachable from the navigation. */
export interface NavEntry {
  /** URL prefix owned by the screen; deeper paths (`/admin/users/<id>`) route to it too. */
  path: string;
  /** i18n key of the label (add it to both `web/src/i18n/en.json` and `zh-CN.json`). */
  labelKey: string;
  /** Permission needed to see and open it; null = any signed-in user. */
  permission: string | null;
  group: NavGroup;
  /** Loaded on first visit. */
  component: LazyExoticComponent<ComponentType>;
}

/** React.lazy for a named export (the code base has no default exports). */
export function lazyNamed<M, K extends keyof M>(load: () => Promise<M>, name: K) {
  return lazy(async () => ({ default: (await load())[name] as ComponentType }));
}

/**
 * The registry of screens. A module adds its screens here, one entry each; the shell
 * shows an entry only to users holding its permission. The first visible entry is the home.
 */
export const NAV: readonly NavEntry[] = [
  {
    path: '/map',
    labelKey: 'nav.map',
    permission: 'jurisdictions.read',
    group: 'operations',
    component: lazyNamed(() => import('../map/map-page.tsx'), 'MapPage'),
  },
  {
    path: '/grid/queue',
    labelKey: 'nav.gridQueue',
    permission: 'grid.requests.read',
    group: 'operations',
    component: lazyNamed(() => import('../grid/queue-page.tsx'), 'QueuePage'),
  },
  {
    path: '/grid/dashboard',
    labelKey: 'nav.gridDashboard',
    permission: 'grid.dashboard.read',
    group: 'operations',
    component: lazyNamed(() => import('../grid/dashboard-page.tsx'), 'GridDashboardPage'),
  },
  {
    path: '/grid/worker',
    labelKey: 'nav.gridWorker',
    permission: 'grid.worker',
    group: 'operations',
    component: lazyNamed(() => import('../grid/worker-page.tsx'), 'WorkerPage'),
  },
  {
    path: '/dispatch/call',
    labelKey: 'nav.dispatchCall',
    permission: 'dispatch.calls.create',
    group: 'operations',
    component: lazyNamed(() => import('../dispatch/call-taker-page.tsx'), 'CallTakerPage'),
  },
  {
    path: '/dispatch/console',
    labelKey: 'nav.dispatchConsole',
    permission: 'dispatch.dispatch',
    group: 'operations',
    component: lazyNamed(() => import('../dispatch/console-page.tsx'), 'ConsolePage'),
  },
  {
    path: '/dispatch/unit',
    labelKey: 'nav.dispatchUnit',
    permission: 'dispatch.units.report',
    group: 'operations',
    component: lazyNamed(() => import('../dispatch/unit-page.tsx'), 'UnitPage'),
  },
  {
    path: '/dispatch/wall',
    labelKey: 'nav.dispatchWall',
    permission: 'dispatch.reports.read',
    group: 'operations',
    component: lazyNamed(() => import('../dispatch/wall-page.tsx'), 'WallPage'),
  },
  {
    path: '/patrol/designer',
    labelKey: 'nav.patrolDesigner',
    permission: 'patrol.plan',
    group: 'operations',
    component: lazyNamed(() => import('../patrol/designer-page.tsx'), 'DesignerPage'),
  },
  {
    path: '/patrol/plans',
    labelKey: 'nav.patrolPlans',
    permission: 'patrol.plan',
    group: 'operations',
    component: lazyNamed(() => import('../patrol/plans-page.tsx'), 'PlansPage'),
  },
  {
    path: '/patrol/compliance',
    labelKey: 'nav.patrolCompliance',
    permission: 'patrol.read',
    group: 'operations',
    component: lazyNamed(() => import('../patrol/compliance-page.tsx'), 'CompliancePage'),
  },
  {
    path: '/analysis/warnings',
    labelKey: 'nav.analysisWarnings',
    permission: 'analysis.cap.author',
    group: 'operations',
    component: lazyNamed(() => import('../analysis/warnings-page.tsx'), 'WarningsPage'),
  },
  {
    path: '/analysis/reports',
    labelKey: 'nav.analysisReports',
    permission: 'analysis.read',
    group: 'operations',
    component: lazyNamed(() => import('../analysis/reports-archive.tsx'), 'ReportsArchivePage'),
  },
  {
    path: '/analysis',
    labelKey: 'nav.analysis',
    permission: 'analysis.read',
    group: 'operations',
    component: lazyNamed(() => import('../analysis/dashboard-page.tsx'), 'AnalysisDashboardPage'),
  },
  {
    path: '/admin/users',
    labelKey: 'nav.users',
    permission: 'users.manage',
    group: 'admin',
    component: lazyNamed(() => import('../admin/users-page.tsx'), 'UsersPage'),
  },
  {
    path: '/admin/roles',
    labelKey: 'nav.roles',
    permission: 'users.manage',
    group: 'admin',
    component: lazyNamed(() => import('../admin/roles-page.tsx'), 'RolesPage'),
  },
  {
    path: '/admin/jurisdictions',
    labelKey: 'nav.jurisdictions',
    permission: 'jurisdictions.manage',
    group: 'admin',
    component: lazyNamed(() => import('../admin/jurisdictions-page.tsx'), 'JurisdictionsPage'),
  },
];

/** The entry owning `path` (longest matching prefix), if any. */
export function matchNav(entries: readonly NavEntry[], path: string): NavEntry | null {
  let best: NavEntry | null = null;
  for (const e of entries) {
    if ((path === e.path || path.startsWith(`${e.path}/`)) && (!best || e.path.length > best.path.length)) {
      best = e;
    }
  }
  return best;
}

/** A screen anyone may open without signing in (the public portal); it draws its own frame. */
export interface PublicScreen {
  /** URL prefix owned by the screen. */
  path: string;
  component: LazyExoticComponent<ComponentType>;
}

/** Public screens, shown instead of the sign-in page (and to signed-in users too). */
export const PUBLIC_SCREENS: readonly PublicScreen[] = [
  { path: '/report', component: lazyNamed(() => import('../grid/report-page.tsx'), 'ReportPage') },
  { path: '/follow', component: lazyNamed(() => import('../grid/follow-page.tsx'), 'FollowPage') },
];

/** The public screen owning `path`, if any. */
export function matchPublic(path: string): PublicScreen | null {
  return PUBLIC_SCREENS.find((s) => path === s.path || path.startsWith(`${s.path}/`)) ?? null;
}
