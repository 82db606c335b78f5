/** The call area when nothing rings and no call is on: what the agent is waiting for. */
import { CustomerServiceOutlined } from '@ant-design/icons';
import { Card, Result } from 'antd';
import { useLanguage } from '../../../language';

export function IdleCard({ ready }: { ready: boolean }) {
  const { t } = useLanguage();
  return (
    <Card data-testid="idle-panel">
      <Result
        icon={<CustomerServiceOutlined />}
        title={ready ? t('spWaitingTitle') : t('spNotReadyTitle')}
        subTitle={ready ? t('spWaitingHint') : t('spNotReadyHint')}
      />
    </Card>
  );
}
