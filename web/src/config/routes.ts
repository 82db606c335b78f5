/**
 * The pages, their menu entries and who sees them (as ant-design-pro's config/routes.ts): a route is
 * shown, in the side menu and by address, only to a user whose access (src/access.ts) allows it. A
 * user lands on the first route they may open, so the order is each role's home: agents the softphone,
 * supervisors the wallboard, quality monitors the dashboard, terminal staff the work orders, admins 人员管理.
 */
import type { ComponentType } from 'react';
import type { Access } from '../access';
import type { TextKey } from '../locales';
import { QualityPage } from '../pages/quality';
import { SoftphonePage } from '../pages/softphone';
import { StaffPage } from '../pages/staff';
import { WallboardPage } from '../pages/wallboard';
import { WorkOrdersPage } from '../pages/work-orders';

/** What a page gets: the rest of the address after its path (a report's id). */
export interface PageProps {
  arg?: string;
}

export interface PageRoute {
  path: string;
  name: TextKey;
  access: keyof Access;
  component: ComponentType<PageProps & { route: PageRoute }>;
  /** The menu group it is listed under. */
  group?: TextKey;
  /** The menu entry's data-testid (the names the browser tests know). */
  testid: string;
}

export const ROUTES: PageRoute[] = [
  { path: '/staff', name: 'staffPage', access: 'canManageStaff', component: StaffPage, testid: 'nav-staff' },
  { path: '/softphone', name: 'softphone', access: 'canAnswerCalls', component: SoftphonePage, testid: 'nav-softphone' },
  { path: '/wallboard', name: 'wallboard', access: 'canSupervise', component: WallboardPage, testid: 'nav-wallboard' },
  {
    path: '/quality/dashboard',
    name: 'qNavDashboard',
    group: 'qualityPages',
    access: 'canMonitorQuality',
    component: QualityPage,
    testid: 'quality-nav-dashboard',
  },
  { path: '/quality/reports', name: 'qNavReports', group: 'qualityPages', access: 'canMonitorQuality', component: QualityPage, testid: 'quality-nav-reports' },
  { path: '/quality/callbacks', name: 'qNavCallbacks', group: 'qualityPages', access: 'canCallBack', component: QualityPage, testid: 'quality-nav-callbacks' },
  {
    path: '/quality/scorecards',
    name: 'qNavScorecards',
    group: 'qualityPages',
    access: 'canMonitorQuality',
    component: QualityPage,
    testid: 'quality-nav-scorecards',
  },
  { path: '/quality/kpis', name: 'qNavKpis', group: 'qualityPages', access: 'canMonitorQuality', component: QualityPage, testid: 'quality-nav-kpis' },
  { path: '/work-orders', name: 'workOrders', access: 'canWorkOrders', component: WorkOrdersPage, testid: 'nav-work-orders' },
];

/** The routes this user may open, in menu order. */
export const allowedRoutes = (access: Access): PageRoute[] => ROUTES.filter((r) => access[r.access]);

/** The route of an address (`/quality/reports/12` → the reports route, arg "12"), among the allowed ones. */
export function matchRoute(routes: PageRoute[], path: string): { route: PageRoute; arg?: string } | null {
  for (const route of routes) {
    if (path === route.path) return { route };
    if (path.startsWith(`${route.path}/`)) return { route, arg: decodeURIComponent(path.slice(route.path.length + 1)) };
  }
  return null;
}
