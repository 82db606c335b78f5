/** 人员管理 (#/staff): the admin's staff accounts and the log of every change to them. */
import { Tabs } from 'antd';
import { useState } from 'react';
import { useLanguage } from '../../language';
import { StaffAudit } from './audit';
import { StaffMembers } from './members';

export function StaffPage() {
  const { t } = useLanguage();
  const [changes, setChanges] = useState(0);
  return (
    <Tabs
      data-testid="staff-page"
      items={[
        {
          key: 'members',
          label: <span data-testid="staff-tab-members">{t('staffMembers')}</span>,
          children: <StaffMembers onChanged={() => setChanges((n) => n + 1)} />,
        },
        { key: 'audit', label: <span data-testid="staff-tab-audit">{t('staffAudit')}</span>, children: <StaffAudit refresh={changes} /> },
      ]}
    />
  );
}
