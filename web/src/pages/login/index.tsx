/** Sign-in (客服登录) with the job number and password: POST /auth/login, then the user's home page. */
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { app, setSession } from '../../core';
import { useLanguage } from '../../language';
import { client } from '../../services/client';
import { errorText } from '../../services/errors';

export function LoginPage({ onSignedIn }: { onSignedIn: () => void }) {
  const { t } = useLanguage();
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  // Why the last session ended, if the server ended it (said once, on this page).
  const [notice] = useState(() => app.signOutNotice);
  useEffect(() => void (app.signOutNotice = null), []);
  const submit = async ({ jobNumber, password }: { jobNumber: string; password: string }) => {
    setBusy(true);
    setError('');
    const { data, error: failed, response } = await client.POST('/auth/login', { body: { jobNumber: jobNumber.trim(), password } });
    setBusy(false);
    if (!data) return setError(`${t('loginFailed')}: ${errorText(failed as never, response.statusText)}`);
    setSession({ token: data.accessToken, jobNumber: data.jobNumber, name: data.name, roles: data.roles });
    onSignedIn();
  };
  return (
    <Card title={t('signInTitle')} style={{ maxWidth: 380, margin: '80px auto' }}>
      {notice && <Alert type="warning" showIcon message={t(notice)} data-testid="login-notice" style={{ marginBottom: 16 }} />}
      <Form layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item label={t('jobNumber')} name="jobNumber" rules={[{ required: true, message: t('jobNumberRequired') }]}>
          <Input data-testid="login-job-number" autoComplete="username" inputMode="numeric" autoFocus />
        </Form.Item>
        <Form.Item label={t('password')} name="password" rules={[{ required: true, message: t('passwordRequired') }]}>
          <Input.Password data-testid="login-password" autoComplete="current-password" />
        </Form.Item>
        <Typography.Text type="danger" data-testid="login-error">
          {error}
        </Typography.Text>
        <Form.Item style={{ marginTop: 12 }}>
          <Button type="primary" htmlType="submit" data-testid="login-submit" loading={busy} block>
            {t('signIn')}
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}
