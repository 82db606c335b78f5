/**
 * The volumes import (作业量导入) on the dashboard: a CSV with header unit,date,bookedDeliveries,sales sent to
 * POST /quality/volumes.csv. The server takes all rows or none: a refused file lists each bad row, and the
 * page words every finding from its code and values (volumes.* in the locale files).
 */
import { Button, Card, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { app, type TextKey } from '../../core';
import { useLanguage } from '../../language';
import { errorText, type ErrorAnswer } from '../../services/errors';
import { fill } from './alert-text';

interface RowFinding {
  row: number;
  code: string;
  params: Record<string, string | number>;
  message: string;
}
interface Imported {
  imported: number;
  days: string[];
  alerts: { raised: string[]; escalated: string[] };
}

export function VolumeImport({ onImported }: { onImported: () => void }) {
  const { t } = useLanguage();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ file: string; result: Imported } | null>(null);
  const [refused, setRefused] = useState<{ file: string; answer: Omit<ErrorAnswer, 'errors'> & { errors?: RowFinding[] } } | null>(null);

  /** A finding in the page's language: its code's text with the values (a field named by its label); else the server's words. */
  const word = (f: RowFinding) => {
    const text = t(`err_${f.code}` as TextKey);
    if (text === `err_${f.code}`) return f.message; // a code this page does not know yet
    return text.replace(/\{(\w+)\}/g, (all, name: string) => {
      const value = f.params[name];
      if (value === undefined) return all;
      return name === 'field' ? t(`qField_${value}` as TextKey) : String(value);
    });
  };

  const send = async (file: File) => {
    setBusy(true);
    setDone(null);
    setRefused(null);
    try {
      const response = await fetch('/quality/volumes.csv', {
        method: 'POST',
        headers: { 'Content-Type': 'text/csv', ...(app.session ? { Authorization: `Bearer ${app.session.token}` } : {}) },
        body: await file.text(),
      });
      const answer = (await response.json().catch(() => null)) as (Imported & Omit<ErrorAnswer, 'errors'> & { errors?: RowFinding[] }) | null;
      if (response.ok && answer) {
        setDone({ file: file.name, result: answer });
        onImported();
      } else setRefused({ file: file.name, answer: answer ?? { message: response.statusText } });
    } finally {
      setBusy(false);
    }
  };

  const rowFindings = refused?.answer.code === 'volumes.rows_invalid' ? (refused.answer.errors ?? []) : [];
  return (
    <Card title={t('qVolumesImport')} data-testid="volumes-import">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">
          {t('qVolumesHelp').split('{header}')[0]}
          <code translate="no">unit,date,bookedDeliveries,sales</code>
          {t('qVolumesHelp').split('{header}')[1]}
        </Typography.Text>
        <Upload
          accept=".csv,text/csv"
          showUploadList={false}
          beforeUpload={(file) => {
            void send(file);
            return false; // sent by the page itself, with the bearer token
          }}
        >
          <Button type="primary" loading={busy} data-testid="volumes-choose">
            {t('qVolumesChoose')}
          </Button>
        </Upload>
        {done ? (
          <Typography.Text type="success" data-testid="volumes-import-result">
            {fill(t('qVolumesImported'), {
              file: <span translate="no">{done.file}</span>,
              n: String(done.result.imported),
              days: done.result.days.length ? `${done.result.days[0]} – ${done.result.days[done.result.days.length - 1]}` : '—',
              alerts: String(done.result.alerts.raised.length + done.result.alerts.escalated.length),
            })}
          </Typography.Text>
        ) : null}
        {refused ? (
          <div data-testid="volumes-import-refused">
            <Typography.Text type="danger" data-testid="volumes-import-error">
              {rowFindings.length ? (
                fill(t('qVolumesRefused'), { file: <span translate="no">{refused.file}</span>, rows: String(new Set(rowFindings.map((f) => f.row)).size) })
              ) : (
                <>
                  <span translate="no">{refused.file}</span>: {errorText(refused.answer, '')}
                </>
              )}
            </Typography.Text>
            {rowFindings.length ? (
              <Table<RowFinding>
                data-testid="volumes-import-errors"
                rowKey={(f) => `${f.row}-${f.code}-${JSON.stringify(f.params)}`}
                size="small"
                pagination={false}
                dataSource={rowFindings}
                columns={[
                  { title: t('qCsvRow'), key: 'row', render: (_, f) => (f.row ? String(f.row) : '—'), onCell: () => ({ 'data-testid': 'row' }) as never },
                  { title: t('qProblem'), key: 'problem', render: (_, f) => word(f), onCell: () => ({ 'data-testid': 'problem' }) as never },
                ]}
                onRow={(f) => ({ 'data-testid': `volumes-error-row-${f.row}` }) as never}
              />
            ) : null}
          </div>
        ) : null}
      </Space>
    </Card>
  );
}
