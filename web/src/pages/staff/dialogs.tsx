/**
 * 人员管理's dialogs: a new member (checked as typed: the job number's digits, a unit for terminal staff,
 * the password policy), deactivation / reactivation confirmed with a reason for the log, a password
 * reset that shows its temporary password once, and a change of roles.
 */
import { Alert, App, Button, Checkbox, Form, Input, Modal, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { PasswordRules, passwordRule, usePasswordPolicy } from '../../components/password-rules';
import { useServerCall } from '../../hooks/use-server-call';
import { useLanguage } from '../../language';
import type { TextKey } from '../../locales';
import { fill, type Role, ROLES, staffApi, type StaffMember, temporaryPassword, type Unit } from './service';

interface DialogProps {
  onClose: () => void;
  onDone: (member?: StaffMember) => void;
}

/** Units as options: their names are proper names (not translated); typing searches code and name. */
export const unitOptions = (units: Unit[]) =>
  units.map((u) => ({ value: u.code, search: `${u.code} ${u.name}`.toLowerCase(), label: <span translate="no">{`${u.code} ${u.name}`}</span> }));
export const unitSearch = (input: string, option?: { search?: string }) => !!option?.search?.includes(input.trim().toLowerCase());

/** A title naming a member: their name kept out of translation. */
function aboutMember(text: string, member: StaffMember) {
  const [before, after] = text.split('{name}');
  return (
    <>
      {before}
      <span translate="no">{member.name}</span>
      {fill(after ?? '', { jobNumber: member.jobNumber })}
    </>
  );
}

function RoleFields({ units }: { units: Unit[] }) {
  const { t } = useLanguage();
  return (
    <>
      <Form.Item name="roles" label={t('staffRoles')} rules={[{ required: true, type: 'array', min: 1, message: t('staffRolesRequired') }]}>
        <Checkbox.Group data-testid="staff-form-roles" options={ROLES.map((r) => ({ value: r, label: t(`role_${r}` as TextKey) }))} />
      </Form.Item>
      <Form.Item noStyle dependencies={['roles']}>
        {({ getFieldValue }) => {
          const terminal = ((getFieldValue('roles') as Role[] | undefined) ?? []).includes('terminal');
          return (
            <Form.Item name="unitCode" label={t('staffUnit')} extra={t('staffUnitHint')} rules={[{ required: terminal, message: t('staffUnitRequired') }]}>
              <Select allowClear showSearch filterOption={unitSearch} data-testid="staff-form-unit" options={unitOptions(units)} />
            </Form.Item>
          );
        }}
      </Form.Item>
    </>
  );
}

export function CreateStaffModal({ units, onClose, onDone }: DialogProps & { units: Unit[] }) {
  const { t } = useLanguage();
  const { message } = App.useApp();
  const policy = usePasswordPolicy();
  const [form] = Form.useForm<{ jobNumber: string; name: string; roles: Role[]; unitCode?: string; password: string }>();
  const { busy, error, setError, run } = useServerCall();
  const submit = async (values: { jobNumber: string; name: string; roles: Role[]; unitCode?: string; password: string }) => {
    const created = await run(() => staffApi.create({ ...values, name: values.name.trim(), unitCode: values.unitCode || undefined }));
    if (!created) return;
    void message.success(fill(t('staffCreated'), { name: created.name, jobNumber: created.jobNumber }));
    onDone(created);
    onClose();
  };
  return (
    <Modal
      open
      title={t('staffCreate')}
      okText={t('staffSave')}
      cancelText={t('staffCancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'staff-form-submit' } as never}
      data-testid="staff-create-modal"
    >
      <Form form={form} layout="vertical" requiredMark={false} onFinish={(v) => void submit(v)} onValuesChange={() => error && setError('')}>
        <Form.Item
          name="jobNumber"
          label={t('staffJobNumber')}
          validateFirst
          rules={[
            { required: true, message: t('staffJobNumberRule') },
            { pattern: /^\d{3,16}$/, message: t('staffJobNumberRule') },
          ]}
        >
          <Input data-testid="staff-form-job-number" inputMode="numeric" autoComplete="off" maxLength={16} />
        </Form.Item>
        <Form.Item name="name" label={t('staffName')} rules={[{ required: true, whitespace: true, message: t('staffNameRequired') }]}>
          <Input data-testid="staff-form-name" maxLength={64} autoComplete="off" />
        </Form.Item>
        <RoleFields units={units} />
        <Form.Item
          name="password"
          label={t('staffInitialPassword')}
          dependencies={['jobNumber', 'name']}
          rules={[
            { required: true, message: t('passwordRequired') },
            passwordRule(policy, () => ({ jobNumber: form.getFieldValue('jobNumber'), name: form.getFieldValue('name') })),
          ]}
        >
          <Input.Password data-testid="staff-form-password" autoComplete="new-password" />
        </Form.Item>
        <PasswordRules policy={policy} />
      </Form>
      {error && <Alert type="error" message={error} data-testid="staff-form-error" />}
    </Modal>
  );
}

export function StatusModal({ member, onClose, onDone }: DialogProps & { member: StaffMember }) {
  const { t } = useLanguage();
  const { message } = App.useApp();
  const [reason, setReason] = useState('');
  const { busy, error, run } = useServerCall();
  const deactivating = member.active;
  const confirm = async () => {
    const why = reason.trim() || undefined;
    const done = await run(() => (deactivating ? staffApi.deactivate(member.jobNumber, why) : staffApi.reactivate(member.jobNumber, why)));
    if (!done) return;
    void message.success(fill(t(deactivating ? 'staffDeactivated' : 'staffReactivated'), { jobNumber: member.jobNumber }));
    onDone(done);
    onClose();
  };
  return (
    <Modal
      open
      title={aboutMember(t(deactivating ? 'staffDeactivateTitle' : 'staffReactivateTitle'), member)}
      okText={t(deactivating ? 'staffDeactivate' : 'staffReactivate')}
      okButtonProps={{ danger: deactivating, 'data-testid': 'staff-status-confirm' } as never}
      cancelText={t('staffCancel')}
      confirmLoading={busy}
      onOk={() => void confirm()}
      onCancel={onClose}
      data-testid="staff-status-modal"
    >
      <Typography.Paragraph>{t(deactivating ? 'staffDeactivateText' : 'staffReactivateText')}</Typography.Paragraph>
      <Input.TextArea
        rows={2}
        maxLength={500}
        placeholder={t('staffReason')}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        data-testid="staff-status-reason"
      />
      {error && <Alert type="error" message={error} data-testid="staff-status-error" style={{ marginTop: 12 }} />}
    </Modal>
  );
}

export function PasswordResetModal({ member, onClose, onDone }: DialogProps & { member: StaffMember }) {
  const { t } = useLanguage();
  const { message } = App.useApp();
  const policy = usePasswordPolicy();
  const { busy, error, run } = useServerCall();
  const [shown, setShown] = useState<string | null>(null);
  const reset = async () => {
    if (!policy) return;
    const password = temporaryPassword(policy.minLength, member.jobNumber);
    if (await run(() => staffApi.resetPassword(member.jobNumber, password))) {
      setShown(password);
      onDone();
    }
  };
  const copy = async () => {
    await navigator.clipboard?.writeText(shown ?? '').catch(() => undefined);
    void message.success(t('staffCopied'));
  };
  if (shown)
    return (
      <Modal
        open
        closable={false}
        maskClosable={false}
        title={t('staffTemporaryPassword')}
        footer={
          <Button type="primary" onClick={onClose} data-testid="staff-password-done">
            {t('staffDone')}
          </Button>
        }
        data-testid="staff-password-modal"
      >
        <Alert type="warning" showIcon message={t('staffTemporaryPasswordOnce')} style={{ marginBottom: 16 }} />
        <Space>
          <Typography.Text code copyable={false} style={{ fontSize: 20 }} data-testid="staff-temporary-password" translate="no">
            {shown}
          </Typography.Text>
          <Button onClick={() => void copy()}>{t('staffCopy')}</Button>
        </Space>
      </Modal>
    );
  return (
    <Modal
      open
      title={aboutMember(t('staffPasswordResetTitle'), member)}
      okText={t('staffPasswordReset')}
      okButtonProps={{ 'data-testid': 'staff-password-confirm', disabled: !policy } as never}
      cancelText={t('staffCancel')}
      confirmLoading={busy}
      onOk={() => void reset()}
      onCancel={onClose}
      data-testid="staff-password-modal"
    >
      <Typography.Paragraph>{t('staffPasswordResetText')}</Typography.Paragraph>
      {error && <Alert type="error" message={error} data-testid="staff-password-error" />}
    </Modal>
  );
}

export function RolesModal({ member, units, onClose, onDone }: DialogProps & { member: StaffMember; units: Unit[] }) {
  const { t } = useLanguage();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ roles: Role[]; unitCode?: string }>();
  const { busy, error, run } = useServerCall();
  const submit = async ({ roles, unitCode }: { roles: Role[]; unitCode?: string }) => {
    const changed = await run(() => staffApi.changeRoles(member.jobNumber, { roles, unitCode: unitCode || undefined }));
    if (!changed) return;
    void message.success(fill(t('staffRolesChanged'), { jobNumber: member.jobNumber }));
    onDone(changed);
    onClose();
  };
  return (
    <Modal
      open
      title={aboutMember(t('staffChangeRolesTitle'), member)}
      okText={t('staffSave')}
      cancelText={t('staffCancel')}
      okButtonProps={{ 'data-testid': 'staff-roles-submit' } as never}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      data-testid="staff-roles-modal"
    >
      <Typography.Paragraph type="secondary">{t('staffChangeRolesText')}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ roles: member.roles, unitCode: member.unitCode ?? undefined }}
        onFinish={(v) => void submit(v)}
      >
        <RoleFields units={units} />
      </Form>
      {error && <Alert type="error" message={error} data-testid="staff-roles-error" />}
    </Modal>
  );
}
