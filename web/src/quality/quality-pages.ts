/** The quality pages (质量监督) under #/quality/…: dashboard, reports, callbacks, scorecards, agent KPIs — for quality monitors, supervisors and admins. */
import { h, hasRole, t, TextKey } from '../core';
import { callbacksPage } from './callbacks';
import { dashboardPage } from './dashboard';
import { kpisPage } from './kpis';
import { reportsPage } from './reports';
import { scorecardsPage } from './scorecards';

/** `roles`: who gets the tab, where the API is narrower than the quality pages' (callbacks show customers: not admins). */
const PAGES: Record<string, { label: TextKey; open: (root: HTMLElement, arg?: string) => () => void; roles?: ('quality' | 'supervisor')[] }> = {
  dashboard: { label: 'qNavDashboard', open: dashboardPage },
  reports: { label: 'qNavReports', open: reportsPage },
  callbacks: { label: 'qNavCallbacks', open: callbacksPage, roles: ['quality', 'supervisor'] },
  scorecards: { label: 'qNavScorecards', open: scorecardsPage },
  kpis: { label: 'qNavKpis', open: kpisPage },
};

export const isQualityRoute = (hash: string): boolean => hash === '#/quality' || hash.startsWith('#/quality/');

/** Renders the page of `hash` (#/quality/<page>[/<arg>]) into `view`; returns its teardown. */
export function qualityPage(view: HTMLElement, hash: string): () => void {
  const [, , name = 'dashboard', arg] = hash.slice(1).split('/');
  const open = Object.entries(PAGES).filter(([, page]) => !page.roles || hasRole(...page.roles));
  const current = open.some(([key]) => key === name) ? name : 'dashboard';
  const nav = h('nav', { class: 'tabs' },
    ...(hasRole('supervisor', 'admin') ? [h('a', { href: '#/wallboard', testid: 'nav-wallboard' }, t('wallboard'))] : []),
    ...open.map(([key, page]) => h('a', { href: `#/quality/${key}`, testid: `quality-nav-${key}`, class: key === current ? 'active' : undefined }, t(page.label))));
  const root = h('div', { testid: `quality-page-${current}` });
  view.append(nav, root);
  return PAGES[current].open(root, arg ? decodeURIComponent(arg) : undefined);
}
