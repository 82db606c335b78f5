/** 改地址: the booking's new address, linked to the call. */
import { Alert, Input, Modal, Space } from 'antd';
import { useState } from 'react';
import { useLanguage } from '../../../language';
import type { BookingChangeResult, DeliveryBooking } from '../data';
import { ordersApi } from '../service';

export function AddressDialog({
  booking,
  callSid,
  onClose,
  onDone,
}: {
  booking: DeliveryBooking;
  callSid?: string;
  onClose: () => void;
  onDone: (result: BookingChangeResult) => void;
}) {
  const { t } = useLanguage();
  const [address, setAddress] = useState(booking.address);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    try {
      onDone(await ordersApi.changeAddress(booking.reference, { address: address.trim(), expectedVersion: booking.version, ...(callSid ? { callSid } : {}) }));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={<span translate="no">{t('ordAddressTitle').replace('{ref}', booking.reference)}</span>}
      onCancel={onClose}
      okText={t('ordConfirm')}
      cancelText={t('ordCancel')}
      okButtonProps={{ disabled: address.trim().length < 4 || address.trim() === booking.address, loading: busy, 'data-testid': 'address-confirm' } as never}
      onOk={() => void submit()}
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Input.TextArea
          data-testid="address-input"
          rows={3}
          maxLength={255}
          value={address}
          onChange={(e) => setAddress(e.target.value)}
          aria-label={t('ordNewAddress')}
        />
        {error && <Alert type="error" showIcon title={error} />}
      </Space>
    </Modal>
  );
}
