/** Sign-in (客服登录) with the job number and password: POST /auth/login, then the user's home page. */
import { Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { setSession } from '../../core';
import { useLanguage } from '../../language';
import { client } from '../../services/client';
import { errorText } from '../../services/errors';

export function LoginPage({ onSignedIn }: { onSignedIn: () => void }) {
  const { t } = useLanguage();
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
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
