import { Alert, App, Form, Modal } from 'antd';
import type { ReactNode } from 'react';
import { useLanguage } from '../language';
import { useServerCall } from '../hooks/use-server-call';

/**
 * A form in a dialog: 保存 submits the form, `save` sends it; on success the dialog says so
 * and closes (`onDone`), on a refusal it stays open with the server's words under the form, cleared
 * as soon as the form is touched again. Test ids: `<testId>-modal`, `<testId>-form-submit`, `<testId>-form-error`.
 */
export function FormModal<Values extends object, Saved>({
  testId,
  title,
  initialValues,
  save,
  savedMessage,
  onClose,
  onDone,
  children,
  intro,
  okText,
  danger,
  vertical = true,
  width,
}: {
  testId: string;
  title: ReactNode;
  initialValues?: Partial<Values>;
  /** Sends the form; its result (never null on success) is handed to savedMessage and onDone. */
  save: (values: Values) => Promise<Saved>;
  savedMessage?: (saved: Saved) => ReactNode;
  onClose: () => void;
  onDone: (saved: Saved) => void;
  children: ReactNode;
  /** Shown above the form (a warning, an explanation). */
  intro?: ReactNode;
  okText?: string;
  danger?: boolean;
  vertical?: boolean;
  width?: number;
}) {
  const { t } = useLanguage();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const { busy, error, setError, run } = useServerCall();
  const submit = async (values: Values) => {
    const saved = await run(() => save(values));
    if (saved === null) return;
    void message.success(savedMessage?.(saved) ?? t('setSaved'));
    onDone(saved);
  };
  return (
    <Modal
      open
      width={width}
      title={title}
      okText={okText ?? t('setSave')}
      cancelText={t('setCancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ danger, 'data-testid': `${testId}-form-submit` } as never}
      data-testid={`${testId}-modal`}
    >
      {intro}
      <Form<Values>
        form={form}
        layout={vertical ? 'vertical' : undefined}
        requiredMark={false}
        initialValues={initialValues}
        onFinish={(values) => void submit(values)}
        onValuesChange={() => error && setError('')}
      >
        {children}
      </Form>
      {error && <Alert type="error" message={error} data-testid={`${testId}-form-error`} style={{ marginTop: 12 }} />}
    </Modal>
  );
}
