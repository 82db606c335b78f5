/** The offer ringing now (来电): the caller, the queue by its label, which of the three rings, and answer / decline. */
import { PhoneOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Progress, Space, Typography } from 'antd';
import { useLanguage } from '../../../language';
import type { RingingOffer } from '../data';
import { useNow } from '../use-now';

interface OfferCardProps {
  offer: RingingOffer;
  queueLabel: string;
  /** Answering is possible once this page's Device rings. */
  canAnswer: boolean;
  onAnswer: () => void;
  onDecline: () => void;
}

export function OfferCard({ offer, queueLabel, canAnswer, onAnswer, onDecline }: OfferCardProps) {
  const { t } = useLanguage();
  const now = useNow(true);
  const elapsed = (now - offer.receivedAt) / 1000;
  const ring = Math.min(3, Math.floor(elapsed / offer.ringCadenceSeconds) + 1);
  const left = Math.max(0, Math.ceil(offer.ringSeconds - elapsed));
  return (
    <Card
      className="softphone-offer"
      data-testid="offer-panel"
      title={
        <Space>
          <PhoneOutlined className="softphone-ring-icon" />
          {t('incoming')}
        </Space>
      }
    >
      <div className="softphone-caller" data-testid="offer-caller" translate="no">
        {offer.from}
      </div>
      <Typography.Text type="secondary" data-testid="offer-info">
        {t('queue')}: <span translate="no">{queueLabel}</span> · {t('priority')}: {offer.priority} · {t('waited')}:{' '}
        {t('spSeconds').replace('{s}', String(offer.waitedSeconds))}
      </Typography.Text>
      <div className="softphone-countdown" data-testid="offer-countdown">
        {t('ring').replace('{n}', String(ring))} · {t('secondsLeft').replace('{s}', String(left))}
      </div>
      <Progress percent={Math.min(100, (elapsed / offer.ringSeconds) * 100)} showInfo={false} status="active" strokeColor="#d97706" size="small" />
      <Flex gap={8} style={{ marginTop: 12 }}>
        <Button
          type="primary"
          size="large"
          className="softphone-answer"
          data-testid="call-answer"
          disabled={!canAnswer}
          onClick={onAnswer}
          icon={<PhoneOutlined />}
        >
          {t('answer')}
        </Button>
        <Button danger size="large" data-testid="call-decline" onClick={onDecline}>
          {t('decline')}
        </Button>
      </Flex>
    </Card>
  );
}
