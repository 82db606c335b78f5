/**
 * The pages, their menu entries and who sees them (as ant-design-pro's config/routes.ts): a route is
 * shown, in the side menu and by address, only to a user whose access (src/access.ts) allows it. A
 * user lands on the first route they may open, so the order is each role's home: agents the softphone,
 * supervisors the wallboard, quality monitors the dashboard, terminal staff the work orders, admins 人员管理;
 * the settings (设置) come last for every role that has them.
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
const orders = pageChunk(() => import('../pages/orders').then((m) => m.OrdersPage));
const warranty = pageChunk(() => import('../pages/warranty').then((m) => m.WarrantyPage));
const warrantyPlans = pageChunk(() => import('../pages/warranty/plans').then((m) => m.WarrantyPlansPage));
const outbox = pageChunk(() => import('../pages/outbox').then((m) => m.OutboxPage));
const knowledge = pageChunk(() => import('../pages/knowledge').then((m) => m.KnowledgePage));
const directory = pageChunk(() => import('../pages/directory').then((m) => m.DirectoryPage));
const callScripts = pageChunk(() => import('../pages/call-scripts').then((m) => m.CallScriptsPage));
const settings = pageChunk(() => import('../pages/settings').then((m) => m.SettingsPage));
const [SoftphonePage, WallboardPage, QualityPage, WorkOrdersPage, StaffPage, SettingsPage] = [
  softphone.Page,
  wallboard.Page,
  quality.Page,
  workOrders.Page,
  staff.Page,
  settings.Page,
];
const smsTemplates = pageChunk(() => import('../pages/sms-templates').then((m) => m.SmsTemplatesPage));
const [KnowledgePage, DirectoryPage, CallScriptsPage, SmsTemplatesPage] = [knowledge.Page, directory.Page, callScripts.Page, smsTemplates.Page];

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
  { path: '/warranty', name: 'warrantyPage', access: 'canSellWarranty', component: warranty.Page, testid: 'nav-warranty' },
  { path: '/orders', name: 'ordNav', access: 'canLookUpOrders', component: orders.Page, testid: 'nav-orders' },
  { path: '/knowledge', name: 'knowledgePage', access: 'canReadKnowledge', component: KnowledgePage, testid: 'nav-knowledge' },
  { path: '/directory', name: 'directoryPage', access: 'canReadKnowledge', component: DirectoryPage, testid: 'nav-directory' },
  {
    path: '/settings/queues',
    name: 'setNavQueues',
    group: 'settingsPages',
    access: 'canConfigureRouting',
    component: SettingsPage,
    testid: 'settings-nav-queues',
  },
  { path: '/settings/sla', name: 'setNavSla', group: 'settingsPages', access: 'canConfigureRouting', component: SettingsPage, testid: 'settings-nav-sla' },
  {
    path: '/settings/organisation',
    name: 'setNavOrganisation',
    group: 'settingsPages',
    access: 'canSeeOrganisation',
    component: SettingsPage,
    testid: 'settings-nav-organisation',
  },
  {
    path: '/settings/personal-data',
    name: 'setNavPersonalData',
    group: 'settingsPages',
    access: 'canHandlePersonalData',
    component: SettingsPage,
    testid: 'settings-nav-personal-data',
  },
  {
    path: '/warranty-plans',
    name: 'warrantyPlansPage',
    group: 'settingsPages',
    access: 'canSupervise',
    component: warrantyPlans.Page,
    testid: 'nav-warranty-plans',
  },
  { path: '/outbox', name: 'outboxPage', group: 'settingsPages', access: 'canSupervise', component: outbox.Page, testid: 'nav-outbox' },
  { path: '/call-scripts', name: 'scriptsPage', group: 'settingsPages', access: 'canEditKnowledge', component: CallScriptsPage, testid: 'nav-call-scripts' },
  {
    path: '/sms-templates',
    name: 'smsTemplates',
    group: 'settingsPages',
    access: 'canEditSmsTemplates',
    component: SmsTemplatesPage,
    testid: 'nav-sms-templates',
  },
];

/** The test id of each menu group's heading. */
export const GROUP_TESTIDS: Partial<Record<TextKey, string>> = { qualityPages: 'nav-quality', settingsPages: 'nav-settings' };

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
