/** The supervisor's wallboard page, redrawn in the language switched to (see wallboard.ts). */
import { DomPageHost } from '../../components/dom-page';
import { useLanguage } from '../../language';
import { wallboardPage } from './wallboard';

export function WallboardPage() {
  const { lang } = useLanguage();
  return <DomPageHost key={lang} open={wallboardPage} />;
}
