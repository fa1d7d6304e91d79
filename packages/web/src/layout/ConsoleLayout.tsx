import { Suspense, useEffect, useState } from 'react';
import { Alert, Avatar, Button, Drawer, Dropdown, Grid, Layout, Menu, Segmented, Space, Spin, Tag, Typography, theme } from 'antd';
import { ApartmentOutlined, KeyOutlined, LockOutlined, LogoutOutlined, MenuFoldOutlined, MenuUnfoldOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { changeLanguage, type Language } from '../i18n/index.ts';
import { useSignedIn, useSignOut } from '../session/session.ts';
import { GlobalSearch } from './GlobalSearch.tsx';
import { DemoLoadBanner } from './DemoLoadBanner.tsx';
import { ReminderBell } from '../tasks/ReminderBell.tsx';
import { localName } from '../ui/format.ts';
import { consoleModules } from '../modules.ts';

const menuPaths = consoleModules.flatMap((m) => m.menu ?? []).map((e) => e.path);

/** The modules' menu entries (modules.ts), each shown only to roles that may use it. */
function useModules() {
  const { t } = useTranslation();
  const me = useSignedIn();
  const entries = consoleModules.flatMap((m) => m.menu ?? [])
    .filter((e) => !e.permission || me.permissions.includes(e.permission))
    .map((e) => ({ key: e.path, icon: e.icon, label: t(e.label), group: e.group }));
  const item = ({ key, icon, label }: (typeof entries)[number]) => ({ key, icon, label });
  return [
    ...entries.filter((e) => !e.group).map(item),
    { key: 'admin', icon: <ApartmentOutlined />, label: t('menu.admin'), children: entries.filter((e) => e.group === 'admin').map(item) },
  ];
}

function useIsOnline() {
  const [isOnline, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => { window.removeEventListener('online', on); window.removeEventListener('offline', off); };
  }, []);
  return isOnline;
}

export default function ConsoleLayout() {
  const { t, i18n } = useTranslation();
  const me = useSignedIn();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const location = useLocation();
  const isOnline = useIsOnline();
  const [collapsed, setCollapsed] = useState(false);
  // Below a tablet's width the menu is a drawer over the page, so the page keeps the whole width.
  const isPhone = Grid.useBreakpoint().md === false;
  const [isDrawerOpen, setDrawerOpen] = useState(false);
  useEffect(() => setDrawerOpen(false), [location.pathname]);
  const { token } = theme.useToken();
  const modules = useModules();
  const selected = location.pathname === '/' ? '/' : menuPaths.find((k) => k !== '/' && location.pathname.startsWith(k)) ?? '';
  const unitName = localName(me.unit.name, me.unit.nameEn);

  const brand = (isNameShown: boolean) => (
    <div style={{ height: 56, display: 'flex', alignItems: 'center', gap: 10, padding: '0 20px', color: '#fff', whiteSpace: 'nowrap', overflow: 'hidden' }}>
      <div style={{ flex: 'none', width: 28, height: 28, borderRadius: 6, background: token.colorPrimary, textAlign: 'center', lineHeight: '28px', fontWeight: 600 }}>湘</div>
      {isNameShown && <span style={{ fontSize: 16, fontWeight: 600 }}>{t('app.name')}</span>}
    </div>
  );
  const menu = (
    <Menu theme="dark" mode="inline" selectedKeys={[selected]} defaultOpenKeys={['admin']} items={modules as never}
      onClick={({ key }) => navigate(key)} data-testid="side-menu" />
  );

  return (
    <Layout style={{ minHeight: '100%' }}>
      {isPhone ? (
        <Drawer placement="left" open={isDrawerOpen} onClose={() => setDrawerOpen(false)} width={240} closable={false}
          styles={{ body: { padding: 0, background: '#001529' }, header: { display: 'none' } }} data-testid="menu-drawer">
          {brand(true)}
          {menu}
        </Drawer>
      ) : (
        <Layout.Sider collapsible collapsed={collapsed} trigger={null} width={216} theme="dark" style={{ position: 'sticky', top: 0, height: '100vh' }}>
          {brand(!collapsed)}
          {menu}
        </Layout.Sider>
      )}
      <Layout style={{ minWidth: 0 }}>
        <Layout.Header style={{ background: token.colorBgContainer, padding: isPhone ? '0 8px 0 4px' : '0 16px 0 8px', height: 56, lineHeight: '56px', display: 'flex', alignItems: 'center', gap: isPhone ? 8 : 16, borderBottom: `1px solid ${token.colorBorderSecondary}`, position: 'sticky', top: 0, zIndex: 10 }}>
          {isPhone
            ? <Button type="text" icon={<MenuUnfoldOutlined />} onClick={() => setDrawerOpen(true)} aria-label={t('menu.toggle')} data-testid="menu-open" />
            : <Button type="text" icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />} onClick={() => setCollapsed(!collapsed)} aria-label={t('menu.toggle')} />}
          <div style={{ flex: 1, minWidth: 0 }}><GlobalSearch /></div>
          <Space size={isPhone ? 6 : 12}>
            <Space size={4} data-testid="unit-role">
              {!isPhone && <Tag color="blue" style={{ marginInlineEnd: 0 }}>{t(`roles.${me.user.role}`)}</Tag>}
              {!isPhone && <Typography.Text type="secondary">{unitName}</Typography.Text>}
            </Space>
            {me.permissions.includes('task.read') && <ReminderBell />}
            <Segmented size="small" value={i18n.language} data-testid="language-switch"
              options={[{ label: '中文', value: 'zh-CN' }, { label: 'EN', value: 'en' }]} onChange={(v) => changeLanguage(v as Language)} />
            <Dropdown trigger={['click']} autoFocus menu={{
              items: [
                ...(isPhone ? [{ key: 'who', disabled: true, label: `${t(`roles.${me.user.role}`)} · ${unitName}` }, { type: 'divider' as const }] : []),
                { key: 'tokens', icon: <KeyOutlined />, label: t('menu.apiTokens'), onClick: () => navigate('/admin/api-tokens') },
                { key: 'password', icon: <LockOutlined />, label: t('session.changePassword'), onClick: () => navigate('/password') },
                { type: 'divider' },
                { key: 'signout', icon: <LogoutOutlined />, label: t('session.signOut'), disabled: signOut.isPending,
                  onClick: () => signOut.mutate(undefined, { onSettled: () => navigate('/login', { replace: true }) }) },
              ],
            }}>
              <Button type="text" data-testid="user-menu" aria-haspopup="menu" aria-label={t('userMenu.label', { name: me.user.displayName })}
                style={{ paddingInline: 4 }} icon={<Avatar size="small" style={{ background: token.colorPrimary }} icon={<UserOutlined />} />}>
                {!isPhone && me.user.displayName}
              </Button>
            </Dropdown>
          </Space>
        </Layout.Header>
        {!isOnline && <Alert banner type="warning" message={t('errors.offlineBanner')} />}
        <DemoLoadBanner />
        <Layout.Content style={{ padding: isPhone ? 12 : 20, minWidth: 0 }}>
          <Suspense fallback={<div style={{ padding: 48, textAlign: 'center' }}><Spin /></div>}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
