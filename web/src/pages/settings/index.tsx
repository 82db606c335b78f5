/**
 * The settings pages (设置) under /settings/<page>: queues and skills, service levels, causes and units,
 * personal data requests. What a role may change follows the server's @Roles; the rest is shown read-only.
 */
import type { PageProps, PageRoute } from '../../config/routes';
import { OrganisationPage } from './organisation';
import { PersonalDataPage } from './personal-data';
import { QueuesPage } from './queues-page';
import { SlaPage } from './sla';

export function SettingsPage({ route }: PageProps & { route: PageRoute }) {
  switch (route.path.split('/')[2]) {
    case 'queues':
      return <QueuesPage />;
    case 'sla':
      return <SlaPage />;
    case 'organisation':
      return <OrganisationPage />;
    case 'personal-data':
      return <PersonalDataPage />;
    default:
      return null;
  }
}
