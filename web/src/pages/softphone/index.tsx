/** The agent's softphone page: kept across a language switch (relabelled in place), see softphone.ts. */
import { DomPageHost } from '../../components/dom-page';
import { softphonePage } from './softphone';

export function SoftphonePage() {
  return <DomPageHost open={softphonePage} />;
}
