/** The quality pages (质量监督) under /quality/<page>[/<arg>], all React + Ant Design; a report opens at /quality/reports/<id>. */
import type { PageProps, PageRoute } from '../../config/routes';
import { CallbacksPage } from './callbacks';
import { DashboardPage } from './dashboard';
import { KpisPage } from './kpis';
import { ReportListPage } from './report-list';
import { ReportViewPage } from './report-view';
import { ScorecardsPage } from './scorecards';

export function QualityPage({ route, arg }: PageProps & { route: PageRoute }) {
  switch (route.path.split('/')[2]) {
    case 'dashboard':
      return <DashboardPage />;
    case 'kpis':
      return <KpisPage />;
    case 'callbacks':
      return <CallbacksPage />;
    case 'scorecards':
      return <ScorecardsPage />;
    case 'reports':
      return arg ? <ReportViewPage key={arg} id={arg} /> : <ReportListPage />;
    default:
      return null;
  }
}
