/**
 * The quality pages (质量监督) under /quality/<page>[/<arg>]: the dashboard, the agent KPIs and the report list in
 * React; a report's view, callbacks and scorecards still drawn into their host, redrawn on a language switch.
 */
import { useCallback } from 'react';
import { DomPageHost } from '../../components/dom-page';
import type { PageProps, PageRoute } from '../../config/routes';
import { useLanguage } from '../../language';
import { CallbacksPage } from './callbacks';
import { DashboardPage } from './dashboard';
import { KpisPage } from './kpis';
import { ReportListPage } from './report-list';
import { reportsPage } from './reports';
import { ScorecardsPage } from './scorecards';

const PAGES: Record<string, (root: HTMLElement, arg?: string) => () => void> = {
  reports: reportsPage,
};

export function QualityPage({ route, arg }: PageProps & { route: PageRoute }) {
  const { lang } = useLanguage();
  const name = route.path.split('/')[2];
  const open = useCallback((root: HTMLElement) => ({ teardown: PAGES[name](root, arg) }), [name, arg]);
  if (name === 'dashboard') return <DashboardPage />;
  if (name === 'kpis') return <KpisPage />;
  if (name === 'callbacks') return <CallbacksPage />;
  if (name === 'scorecards') return <ScorecardsPage />;
  if (name === 'reports' && !arg) return <ReportListPage />;
  return <DomPageHost key={`${name}/${arg ?? ''}/${lang}`} open={open} testid={`quality-page-${name}`} />;
}
