/**
 * 修改密码: every signed-in user's own password change (POST /staff/me/password), from the user menu.
 * The policy is listed and checked as typed; the server's refusals are worded by code. The answer is a
 * fresh token for this page — the server ends every other session of the user, including this page's
 * socket, which must not read as a withdrawal of access (app.tokenChange).
 */
import { Alert, App, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { api, app, setSession } from '../core';
import { useLanguage } from '../language';
import { PasswordRules, passwordRule, usePasswordPolicy } from './password-rules';

interface FreshToken {
  accessToken: string;
  jobNumber: string;
  name: string;
  roles: string[];
}

export function OwnPasswordModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useLanguage();
  const { message } = App.useApp();
  const policy = usePasswordPolicy();
  const [form] = Form.useForm<{ currentPassword: string; newPassword: string; confirm: string }>();
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const close = () => {
    form.resetFields();
    setError('');
    onClose();
  };
  const submit = async ({ currentPassword, newPassword }: { currentPassword: string; newPassword: string }) => {
    setBusy(true);
    setError('');
    const change = api<FreshToken>('POST', '/staff/me/password', { currentPassword, newPassword });
    app.tokenChange = change;
    try {
      const fresh = await change;
      setSession({ token: fresh.accessToken, jobNumber: fresh.jobNumber, name: fresh.name, roles: fresh.roles });
      app.onSessionRenewed();
      void message.success(t('ownPasswordChanged'));
      close();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      if (app.tokenChange === change) app.tokenChange = null;
      setBusy(false);
    }
  };
  const session = app.session;
  return (
    <Modal
      open={open}
      title={t('ownPasswordTitle')}
      okText={t('staffSave')}
      cancelText={t('staffCancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={close}
      okButtonProps={{ 'data-testid': 'own-password-submit' } as never}
      data-testid="own-password-modal"
    >
      <Typography.Paragraph type="secondary">{t('ownPasswordText')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false}>
        <Form.Item name="currentPassword" label={t('ownPasswordCurrent')} rules={[{ required: true, message: t('passwordRequired') }]}>
          <Input.Password data-testid="own-password-current" autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('ownPasswordNew')}
          dependencies={['currentPassword']}
          rules={[
            { required: true, message: t('passwordRequired') },
            passwordRule(policy, () => ({ jobNumber: session?.jobNumber, name: session?.name })),
            ({ getFieldValue }) => ({
              validator: async (_, value: string | undefined) => {
                if (value && value === getFieldValue('currentPassword')) throw new Error(t('ownPasswordSame'));
              },
            }),
          ]}
        >
          <Input.Password data-testid="own-password-new" autoComplete="new-password" />
        </Form.Item>
        <PasswordRules policy={policy} />
        <Form.Item
          name="confirm"
          label={t('ownPasswordConfirm')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('passwordRequired') },
            ({ getFieldValue }) => ({
              validator: async (_, value: string | undefined) => {
                if (value && value !== getFieldValue('newPassword')) throw new Error(t('ownPasswordMismatch'));
              },
            }),
          ]}
        >
          <Input.Password data-testid="own-password-confirm" autoComplete="new-password" />
        </Form.Item>
      </Form>
      {error && <Alert type="error" message={error} data-testid="own-password-error" />}
    </Modal>
  );
}
