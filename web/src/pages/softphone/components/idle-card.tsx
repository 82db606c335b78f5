/** The call area when nothing rings here and no call is on: waiting for calls (ready; or one rings in another tab), or not taking them. */
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
