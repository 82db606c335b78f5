/**
 * 改约 / 再配送: a calendar of the booking's centre for the next two weeks (the server's) — per day and window what is
 * left (counted by the server from the bookings) — and the pick. A full window is refused to agents; a
 * supervisor may pick it with a reason (the server checks the role again).
 */
import { Alert, Button, Input, Modal, Space, Table, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { app } from '../../../core';
import { useLanguage } from '../../../language';
import type { BookingChangeResult, DayCapacity, DeliveryBooking } from '../data';
import { ordersApi } from '../service';

export function RescheduleDialog({
  booking,
  kind,
  callSid,
  onClose,
  onDone,
}: {
  booking: DeliveryBooking;
  kind: 'reschedule' | 'redelivery';
  callSid?: string;
  onClose: () => void;
  onDone: (result: BookingChangeResult) => void;
}) {
  const { t } = useLanguage();
  const supervisor = app.session?.roles.includes('supervisor') ?? false;
  const [days, setDays] = useState<DayCapacity[] | null>(null);
  const [pick, setPick] = useState<{ day: string; timeWindow: string; full: boolean } | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    ordersApi
      .calendar(booking.reference)
      .then((c) => setDays(c.days))
      .catch((e: Error) => setError(e.message));
  }, [booking.reference]);

  const windows = [...new Set((days ?? []).flatMap((d) => d.windows.filter((w) => w.slots > 0).map((w) => w.timeWindow)))].sort();
  const submit = async () => {
    if (!pick) return;
    if (pick.full && reason.trim().length < 4) return setError(t('ordOverrideNeeded'));
    setBusy(true);
    try {
      const result = await ordersApi.reschedule(booking.reference, kind, {
        day: pick.day,
        timeWindow: pick.timeWindow,
        expectedVersion: booking.version,
        ...(callSid ? { callSid } : {}),
        ...(pick.full ? { override: { reason: reason.trim() } } : {}),
      });
      onDone(result);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const fill = (text: string) => text.replace('{ref}', booking.reference);
  return (
    <Modal
      open
      width={720}
      title={<span translate="no">{fill(t(kind === 'reschedule' ? 'ordRescheduleTitle' : 'ordRedeliverTitle'))}</span>}
      onCancel={onClose}
      okText={t('ordConfirm')}
      cancelText={t('ordCancel')}
      okButtonProps={{ disabled: !pick, loading: busy, 'data-testid': 'reschedule-confirm' } as never}
      onOk={() => void submit()}
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">
          {t('ordCalendarHint')} · <span translate="no">{booking.centre.name}</span>
        </Typography.Text>
        <Table<DayCapacity>
          size="small"
          rowKey="day"
          loading={!days && !error}
          pagination={false}
          scroll={{ y: 320 }}
          data-testid="reschedule-calendar"
          dataSource={days ?? []}
          columns={[
            { title: t('ordDay'), dataIndex: 'day', width: 110 },
            ...windows.map((timeWindow) => ({
              title: timeWindow,
              key: timeWindow,
              render: (_: unknown, d: DayCapacity) => {
                const w = d.windows.find((x) => x.timeWindow === timeWindow);
                if (!w || w.slots === 0) return '—';
                const full = w.remaining <= 0;
                const chosen = pick?.day === d.day && pick.timeWindow === timeWindow;
                const current = booking.day === d.day && booking.timeWindow === timeWindow && booking.status === 'booked';
                const button = (
                  <Button
                    size="small"
                    type={chosen ? 'primary' : 'default'}
                    danger={full}
                    disabled={current || (full && !supervisor)}
                    data-testid={`slot-${d.day}-${timeWindow}`}
                    onClick={() => {
                      setPick({ day: d.day, timeWindow, full });
                      setError('');
                    }}
                  >
                    {full ? t('ordFull') : t('ordLeft').replace('{n}', String(w.remaining))}
                  </Button>
                );
                return full && !supervisor ? <Tooltip title={t('ordFullHint')}>{button}</Tooltip> : button;
              },
            })),
          ]}
        />
        {pick?.full && (
          <Input
            data-testid="override-reason"
            addonBefore={t('ordOverride')}
            placeholder={t('ordOverrideReason')}
            value={reason}
            maxLength={255}
            onChange={(e) => setReason(e.target.value)}
          />
        )}
        {callSid && <Typography.Text type="secondary">{t('ordLinkedCall')}</Typography.Text>}
        {error && <Alert type="error" showIcon title={error} data-testid="reschedule-error" />}
      </Space>
    </Modal>
  );
}
