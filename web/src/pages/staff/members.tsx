/**
 * 人员: every account (GET /staff) with its roles, unit and standing, filtered and searched on the page
 * (a chain's staff is hundreds, not millions); new members, deactivation and reactivation, password
 * resets and role changes from each row.
 */
import { Alert, Button, Card, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { app } from '../../core';
import { useLanguage } from '../../language';
import type { TextKey } from '../../locales';
import { CreateStaffModal, PasswordResetModal, RolesModal, StatusModal, unitOptions, unitSearch } from './dialogs';
import { fill, ROLES, staffApi, type StaffMember, type Unit } from './service';

type Dialog = { kind: 'create' } | { kind: 'status' | 'reset' | 'roles'; member: StaffMember } | null;

export function StaffMembers({ onChanged }: { onChanged: () => void }) {
  const { t } = useLanguage();
  const tx = (key: string) => t(key as TextKey);
  const [members, setMembers] = useState<StaffMember[] | null>(null);
  const [units, setUnits] = useState<Unit[]>([]);
  const [error, setError] = useState('');
  const [filters, setFilters] = useState<{ q?: string; role?: string; unit?: string; status?: 'active' | 'inactive' }>({});
  const [dialog, setDialog] = useState<Dialog>(null);

  const load = useCallback(async () => {
    try {
      setMembers(await staffApi.list());
      setError('');
    } catch (e) {
      setError((e as Error).message);
    }
  }, []);
  useEffect(() => {
    void load();
    staffApi.units().then(setUnits, (e: Error) => setError(e.message));
  }, [load]);

  const shown = useMemo(() => {
    const q = filters.q?.toLowerCase();
    return (members ?? []).filter(
      (m) =>
        (!q || m.jobNumber.includes(q) || m.name.toLowerCase().includes(q)) &&
        (!filters.role || m.roles.includes(filters.role as never)) &&
        (!filters.unit || m.unitCode === filters.unit) &&
        (!filters.status || m.active === (filters.status === 'active')),
    );
  }, [members, filters]);

  const changed = (member?: StaffMember) => {
    if (member) setMembers((list) => list?.map((m) => (m.jobNumber === member.jobNumber ? member : m)) ?? null);
    void load();
    onChanged();
  };
  const unitName = (code: string | null) => units.find((u) => u.code === code)?.name;

  return (
    <Card
      data-testid="staff-members"
      data-loaded={members ? 'true' : 'false'}
      extra={
        <Button type="primary" data-testid="staff-create" onClick={() => setDialog({ kind: 'create' })}>
          {t('staffCreate')}
        </Button>
      }
      title={members ? fill(t('staffCount'), { n: shown.length }) : t('staffMembers')}
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={t('staffSearch')}
          style={{ width: 220 }}
          data-testid="staff-search"
          onSearch={(q) => setFilters((f) => ({ ...f, q: q.trim() || undefined }))}
          onChange={(e) => !e.target.value && setFilters((f) => ({ ...f, q: undefined }))}
        />
        <Select
          allowClear
          placeholder={t('staffFilterRole')}
          style={{ width: 140 }}
          data-testid="staff-filter-role"
          value={filters.role}
          options={ROLES.map((r) => ({ value: r, label: tx(`role_${r}`) }))}
          onChange={(role) => setFilters((f) => ({ ...f, role }))}
        />
        <Select
          allowClear
          showSearch
          filterOption={unitSearch}
          placeholder={t('staffFilterUnit')}
          style={{ width: 200 }}
          data-testid="staff-filter-unit"
          value={filters.unit}
          options={unitOptions(units)}
          onChange={(unit) => setFilters((f) => ({ ...f, unit }))}
        />
        <Select
          allowClear
          placeholder={t('staffFilterStatus')}
          style={{ width: 120 }}
          data-testid="staff-filter-status"
          value={filters.status}
          options={[
            { value: 'active', label: t('staffActive') },
            { value: 'inactive', label: t('staffInactive') },
          ]}
          onChange={(status) => setFilters((f) => ({ ...f, status }))}
        />
      </Space>
      {error && <Alert type="error" message={error} data-testid="staff-error" style={{ marginBottom: 12 }} />}
      <Table<StaffMember>
        rowKey="jobNumber"
        size="small"
        data-testid="staff-table"
        loading={!members && !error}
        dataSource={shown}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
        rowClassName={(m) => (m.active ? '' : 'staff-inactive')}
        onRow={(m) => ({ 'data-testid': 'staff-row', 'data-job-number': m.jobNumber, 'data-active': String(m.active) }) as never}
        columns={[
          { title: t('staffJobNumber'), dataIndex: 'jobNumber', width: 100, sorter: (a, b) => a.jobNumber.localeCompare(b.jobNumber) },
          {
            title: t('staffName'),
            dataIndex: 'name',
            render: (name: string, m) => (
              <span>
                <span translate="no">{name}</span>
                {m.jobNumber === app.session?.jobNumber && <Typography.Text type="secondary"> {t('staffYou')}</Typography.Text>}
              </span>
            ),
          },
          {
            title: t('staffRoles'),
            dataIndex: 'roles',
            render: (roles: string[]) => (
              <span data-testid="staff-row-roles" data-roles={roles.join(',')}>
                {roles.map((r) => (
                  <Tag key={r} color={r === 'admin' ? 'purple' : undefined}>
                    {tx(`role_${r}`)}
                  </Tag>
                ))}
              </span>
            ),
          },
          {
            title: t('staffUnit'),
            dataIndex: 'unitCode',
            render: (code: string | null) =>
              code ? (
                <span translate="no">
                  {code} {unitName(code)}
                </span>
              ) : (
                '—'
              ),
          },
          {
            title: t('staffStatus'),
            dataIndex: 'active',
            render: (active: boolean) => (
              <Tag color={active ? 'green' : 'default'} data-testid="staff-row-status">
                {active ? t('staffActive') : t('staffInactive')}
              </Tag>
            ),
          },
          {
            title: t('staffActions'),
            render: (_: unknown, m) => (
              <Space size={4} wrap>
                {m.active ? (
                  <Button
                    size="small"
                    danger
                    data-testid="staff-deactivate"
                    disabled={m.jobNumber === app.session?.jobNumber} // the server refuses it (staff.cannot_deactivate_self)
                    onClick={() => setDialog({ kind: 'status', member: m })}
                  >
                    {t('staffDeactivate')}
                  </Button>
                ) : (
                  <Button size="small" data-testid="staff-reactivate" onClick={() => setDialog({ kind: 'status', member: m })}>
                    {t('staffReactivate')}
                  </Button>
                )}
                <Button size="small" data-testid="staff-password-reset" onClick={() => setDialog({ kind: 'reset', member: m })}>
                  {t('staffPasswordReset')}
                </Button>
                <Button size="small" data-testid="staff-roles" onClick={() => setDialog({ kind: 'roles', member: m })}>
                  {t('staffChangeRoles')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {dialog?.kind === 'create' && <CreateStaffModal units={units} onClose={() => setDialog(null)} onDone={changed} />}
      {dialog?.kind === 'status' && <StatusModal member={dialog.member} onClose={() => setDialog(null)} onDone={changed} />}
      {dialog?.kind === 'reset' && <PasswordResetModal member={dialog.member} onClose={() => setDialog(null)} onDone={changed} />}
      {dialog?.kind === 'roles' && <RolesModal member={dialog.member} units={units} onClose={() => setDialog(null)} onDone={changed} />}
    </Card>
  );
}
