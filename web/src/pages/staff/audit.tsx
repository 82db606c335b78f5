/** 账号日志: the audit of account changes (GET /staff/audit), newest first, by job number and action, a page at a time. */
import { Alert, Button, Card, Input, Select, Space, Table, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useLanguage } from '../../language';
import type { TextKey } from '../../locales';
import { dateTimeText } from '../../core';
import { AUDIT_ACTIONS, type AuditEntry, staffApi } from './service';

export function StaffAudit({ refresh }: { refresh: number }) {
  const { t } = useLanguage();
  const tx = (key: string) => t(key as TextKey);
  const [filters, setFilters] = useState<{ jobNumber?: string; action?: string }>({});
  const [items, setItems] = useState<AuditEntry[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState('');

  const load = useCallback(
    async (cursor?: string) => {
      try {
        const page = await staffApi.audit({ ...filters, cursor });
        setItems((before) => (cursor ? [...before, ...page.items] : page.items));
        setNext(page.nextCursor);
        setError('');
      } catch (e) {
        setError((e as Error).message);
      } finally {
        setLoaded(true);
      }
    },
    [filters],
  );
  useEffect(() => void load(), [load, refresh]);

  /** A field's value as a person reads it: roles and standing in words, the rest as it is (names, unit codes). */
  const value = (field: string, v: unknown) => {
    if (field === 'roles' && Array.isArray(v)) return v.map((r) => tx(`role_${String(r)}`)).join(' / ');
    if (field === 'active') return t(v ? 'staffActive' : 'staffInactive');
    return v === null || v === undefined ? '—' : String(v);
  };
  const change = (e: AuditEntry) => {
    const fields = ['name', 'roles', 'unitCode', 'active'].filter((f) => JSON.stringify(e.before?.[f]) !== JSON.stringify(e.after?.[f]));
    if (!e.before) return fields.map((f) => <div key={f}>{`${tx(`auditField_${f}`)}: ${value(f, e.after?.[f])}`}</div>);
    return fields.map((f) => <div key={f}>{`${tx(`auditField_${f}`)}: ${value(f, e.before?.[f])} → ${value(f, e.after?.[f])}`}</div>);
  };

  return (
    <Card data-testid="staff-audit" data-loaded={String(loaded)}>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={t('auditFilterJobNumber')}
          style={{ width: 200 }}
          data-testid="staff-audit-job-number"
          onSearch={(q) => setFilters((f) => ({ ...f, jobNumber: q.trim() || undefined }))}
        />
        <Select
          allowClear
          placeholder={t('auditAllActions')}
          style={{ width: 160 }}
          data-testid="staff-audit-action"
          value={filters.action}
          options={AUDIT_ACTIONS.map((a) => ({ value: a, label: tx(`audit_${a}`) }))}
          onChange={(action) => setFilters((f) => ({ ...f, action }))}
        />
      </Space>
      {error && <Alert type="error" message={error} style={{ marginBottom: 12 }} />}
      <Table<AuditEntry>
        rowKey="id"
        size="small"
        pagination={false}
        loading={!loaded}
        dataSource={items}
        onRow={(e) => ({ 'data-testid': 'staff-audit-row', 'data-action': e.action, 'data-job-number': e.jobNumber }) as never}
        columns={[
          { title: t('auditAt'), dataIndex: 'at', width: 170, render: (at: string) => dateTimeText(at) },
          { title: t('auditAction'), dataIndex: 'action', render: (a: string) => <Tag>{tx(`audit_${a}`)}</Tag> },
          { title: t('auditSubject'), dataIndex: 'jobNumber' },
          { title: t('auditBy'), dataIndex: 'by' },
          { title: t('auditChange'), render: (_: unknown, e) => <span translate="no">{change(e)}</span> },
          { title: t('auditReason'), dataIndex: 'reason', render: (r: string | null) => <span translate="no">{r ?? ''}</span> },
        ]}
      />
      {next && (
        <Button style={{ marginTop: 12 }} data-testid="staff-audit-more" onClick={() => void load(next)}>
          {t('auditMore')}
        </Button>
      )}
    </Card>
  );
}
