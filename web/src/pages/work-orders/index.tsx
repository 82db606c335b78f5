/**
 * 工单: the work-order desk for every role that handles orders — the inbox (#/work-orders), one order
 * (#/work-orders/WO…), a new order (#/work-orders/new) and the customer 360 (#/work-orders/customers).
 */
import type { PageProps } from '../../config/routes';
import { CustomerSearch } from './customers';
import { Detail } from './detail';
import { Inbox } from './inbox';
import { NewWorkOrder } from './new';

export function WorkOrdersPage({ arg }: PageProps) {
  if (arg === 'new') return <NewWorkOrder />;
  if (arg === 'customers') return <CustomerSearch />;
  if (arg) return <Detail key={arg} number={arg} />;
  return <Inbox />;
}
