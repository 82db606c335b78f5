/**
 * The pages, their menu entries and who sees them (as ant-design-pro's config/routes.ts): a route is
 * shown, in the side menu and by address, only to a user whose access (src/access.ts) allows it. A
 * user lands on the first route they may open, so the order is each role's home: agents the softphone,
 * supervisors the wallboard, quality monitors the dashboard, terminal staff the work orders, admins 人员管理.
 */
import { type ComponentType, createElement, lazy, useState } from 'react';
import type { Access } from '../access';
import type { TextKey } from '../locales';

// Each page is its own chunk, loaded when first opened (app.tsx's Suspense): the sign-in page and the desk never
// load Twilio's Voice SDK (the softphone's) or Chart.js (the quality pages'). A page whose chunk is already there
// renders at once, without suspending (React would hold a revealed fallback for 300 ms).
function pageChunk(load: () => Promise<PageComponent>): { Page: PageComponent; preload: () => Promise<void> } {
  let loaded: PageComponent | null = null;
  const preload = () =>
    load().then((component) => {
      loaded = component;
    });
  const Lazy = lazy(() => preload().then(() => ({ default: loaded! })));
  // Chosen once per mounted page: switching from Lazy to the loaded component later would remount the page (the softphone's Device).
  const Page = (props: PageProps & { route: PageRoute }) => createElement(useState(() => loaded ?? Lazy)[0], props);
  return { Page, preload };
}

const softphone = pageChunk(() => import('../pages/softphone').then((m) => m.SoftphonePage));
const wallboard = pageChunk(() => import('../pages/wallboard').then((m) => m.WallboardPage));
const quality = pageChunk(() => import('../pages/quality').then((m) => m.QualityPage));
const workOrders = pageChunk(() => import('../pages/work-orders').then((m) => m.WorkOrdersPage));
const staff = pageChunk(() => import('../pages/staff').then((m) => m.StaffPage));
const knowledge = pageChunk(() => import('../pages/knowledge').then((m) => m.KnowledgePage));
const directory = pageChunk(() => import('../pages/directory').then((m) => m.DirectoryPage));
const callScripts = pageChunk(() => import('../pages/call-scripts').then((m) => m.CallScriptsPage));
const [SoftphonePage, WallboardPage, QualityPage, WorkOrdersPage, StaffPage] = [softphone.Page, wallboard.Page, quality.Page, workOrders.Page, staff.Page];
const [KnowledgePage, DirectoryPage, CallScriptsPage] = [knowledge.Page, directory.Page, callScripts.Page];

/** Fetches the work-order desk's chunk ahead (four roles of five open it): the sign-in page does it while it waits. */
export const prefetchDesk = (): void => void workOrders.preload().catch(() => undefined); // a failure shows when the page is opened

type PageComponent = ComponentType<PageProps & { route: PageRoute }>;

/** What a page gets: the rest of the address after its path (a report's id). */
export interface PageProps {
  arg?: string;
}

export interface PageRoute {
  path: string;
  name: TextKey;
  access: keyof Access;
  component: PageComponent;
  /** The menu group it is listed under. */
  group?: TextKey;
  /** The menu entry's data-testid (the names the browser tests know). */
  testid: string;
}

/** The agent's softphone: kept open behind the other pages (app.tsx). */
export const SOFTPHONE_PATH = '/softphone';

export const ROUTES: PageRoute[] = [
  { path: '/staff', name: 'staffPage', access: 'canManageStaff', component: StaffPage, testid: 'nav-staff' },
  { path: SOFTPHONE_PATH, name: 'softphone', access: 'canAnswerCalls', component: SoftphonePage, testid: 'nav-softphone' },
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
  { path: '/knowledge', name: 'knowledgePage', access: 'canReadKnowledge', component: KnowledgePage, testid: 'nav-knowledge' },
  { path: '/directory', name: 'directoryPage', access: 'canReadKnowledge', component: DirectoryPage, testid: 'nav-directory' },
  { path: '/call-scripts', name: 'scriptsPage', access: 'canEditKnowledge', component: CallScriptsPage, testid: 'nav-call-scripts' },
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
