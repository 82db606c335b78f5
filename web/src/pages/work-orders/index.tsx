/**
 * 工单: the work-order desk's place in the menu, for every role that handles orders. The desk (inbox,
 * detail, new order) is being built on this foundation; until then the page says so.
 */
import { Card, Empty } from 'antd';
import { useLanguage } from '../../language';

export function WorkOrdersPage() {
  const { t } = useLanguage();
  return (
    <Card title={t('workOrders')} data-testid="work-orders-page">
      <Empty description={t('workOrdersSoon')} />
    </Card>
  );
}
