/** The keyboard shortcuts, shown on the page: key names are not words to translate (translate="no"); what each does is. */
import { Space, Typography } from 'antd';
import { useLanguage } from '../../../language';
import { SHORTCUTS } from '../use-shortcuts';

export function Shortcuts() {
  const { t } = useLanguage();
  return (
    <Space size={14} wrap className="softphone-shortcuts" data-testid="shortcuts">
      <Typography.Text type="secondary">{t('shortcuts')}</Typography.Text>
      {SHORTCUTS.map(({ action, keys }) => (
        <span key={action} data-testid={`shortcut-${action}`}>
          <Typography.Text keyboard translate="no">
            {keys}
          </Typography.Text>{' '}
          <Typography.Text type="secondary">{t(action)}</Typography.Text>
        </span>
      ))}
    </Space>
  );
}
