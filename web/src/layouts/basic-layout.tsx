/**
 * The frame of every page after sign-in (as ant-design-pro's ProLayout): the side menu with the pages
 * this user may open (config/routes.ts + access.ts), the top bar with who is signed in (their menu:
 * 修改密码), the language switch and 退出, and the page itself.
 */
import { Button, Dropdown, Layout, Menu, Space, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { OwnPasswordModal } from '../components/own-password';
import type { Session } from '../core';
import { GROUP_TESTIDS, type PageRoute } from '../config/routes';
import { useLanguage } from '../language';
import type { TextKey } from '../locales';

export function BasicLayout({
  session,
  routes,
  current,
  onSignOut,
  signingOut,
  children,
}: {
  session: Session;
  routes: PageRoute[];
  current: PageRoute | null;
  onSignOut: () => void;
  signingOut: boolean;
  children: ReactNode;
}) {
  const { t, lang, toggle } = useLanguage();
  const [changingPassword, setChangingPassword] = useState(false);
  const entry = (r: PageRoute) => ({
    key: r.path,
    label: (
      <a href={`#${r.path}`} data-testid={r.testid}>
        {t(r.name)}
      </a>
    ),
  });
  const groups = new Map<TextKey, PageRoute[]>();
  const items: { key: string; label: ReactNode; type?: 'group'; children?: unknown[] }[] = [];
  for (const r of routes) {
    if (!r.group) {
      items.push(entry(r));
      continue;
    }
    if (!groups.has(r.group)) {
      groups.set(r.group, []);
      items.push({ key: r.group, type: 'group', label: <span data-testid={GROUP_TESTIDS[r.group]}>{t(r.group)}</span>, children: [] });
    }
    items.find((i) => i.key === r.group)!.children!.push(entry(r));
  }
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider theme="light" width={200} breakpoint="lg" collapsedWidth={0} style={{ borderRight: '1px solid #f0f0f0' }}>
        <div className="brand">Hotline 400</div>
        <Menu mode="inline" selectedKeys={current ? [current.path] : []} items={items as never} data-testid="side-menu" />
      </Layout.Sider>
      <Layout>
        <Layout.Header className="top-bar">
          <Dropdown
            trigger={['click']}
            menu={{
              items: [{ key: 'password', label: <span data-testid="own-password">{t('ownPassword')}</span> }],
              onClick: ({ key }) => key === 'password' && setChangingPassword(true),
            }}
          >
            <Button type="text" data-testid="user-menu">
              <Typography.Text data-testid="who">
                <span translate="no">{session.name}</span> · {t('jobNumber')} {session.jobNumber}
              </Typography.Text>
            </Button>
          </Dropdown>
          <OwnPasswordModal open={changingPassword} onClose={() => setChangingPassword(false)} />
          <span className="spacer" />
          <Space>
            <span data-testid="lang-toggle">
              {/* The other language's own name, as language pickers do: not translated. */}
              <Button data-testid="lang-switch" onClick={toggle} translate="no" lang={lang === 'zh' ? 'en' : 'zh-CN'}>
                {t('switchLanguage')}
              </Button>
            </span>
            <Button data-testid="logout" onClick={onSignOut} disabled={signingOut}>
              {t('logout')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 16 }}>{children}</Layout.Content>
      </Layout>
    </Layout>
  );
}
