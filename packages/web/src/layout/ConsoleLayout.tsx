import { Suspense, useEffect, useState } from 'react';
import { Alert, Avatar, Button, Dropdown, Layout, Menu, Segmented, Space, Spin, Tag, Typography, theme } from 'antd';
import {
  ApartmentOutlined, AuditOutlined, CloudUploadOutlined, DashboardOutlined, KeyOutlined, LockOutlined, LogoutOutlined,
  MenuFoldOutlined, MenuUnfoldOutlined, TeamOutlined, UserOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { changeLanguage, type Language } from '../i18n/index.ts';
import { useSignedIn, useSignOut } from '../session/session.ts';
import { GlobalSearch } from './GlobalSearch.tsx';
import { localName } from '../ui/format.ts';

/** The modules of the console, each shown only to roles that may use it. */
function useModules() {
  const { t } = useTranslation();
  const me = useSignedIn();
  const can = (p: string) => me.permissions.includes(p);
  const admin = [
    can('org.manage') && { key: '/admin/org-units', icon: <ApartmentOutlined />, label: t('menu.orgUnits') },
    can('user.manage') && { key: '/admin/users', icon: <UserOutlined />, label: t('menu.users') },
    { key: '/admin/api-tokens', icon: <KeyOutlined />, label: t('menu.apiTokens') },
    can('audit.read') && { key: '/admin/audit', icon: <AuditOutlined />, label: t('menu.audit') },
  ].filter(Boolean) as { key: string; icon: React.ReactNode; label: string }[];
  return [
    { key: '/', icon: <DashboardOutlined />, label: t('menu.home') },
    can('customer.read') && { key: '/customers', icon: <TeamOutlined />, label: t('menu.customers') },
    can('customer.import') && { key: '/imports', icon: <CloudUploadOutlined />, label: t('menu.imports') },
    { key: 'admin', icon: <ApartmentOutlined />, label: t('menu.admin'), children: admin },
  ].filter(Boolean) as { key: string; icon: React.ReactNode; label: string; children?: unknown[] }[];
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
  const { token } = theme.useToken();
  const modules = useModules();
  const selected = location.pathname === '/' ? '/' : ['/customers', '/imports', '/admin/org-units', '/admin/users', '/admin/api-tokens', '/admin/audit']
    .find((k) => location.pathname.startsWith(k)) ?? '';
  const unitName = localName(me.unit.name, me.unit.nameEn);

  return (
    <Layout style={{ minHeight: '100%' }}>
      <Layout.Sider collapsible collapsed={collapsed} trigger={null} width={216} theme="dark" style={{ position: 'sticky', top: 0, height: '100vh' }}>
        <div style={{ height: 56, display: 'flex', alignItems: 'center', gap: 10, padding: '0 20px', color: '#fff', whiteSpace: 'nowrap', overflow: 'hidden' }}>
          <div style={{ flex: 'none', width: 28, height: 28, borderRadius: 6, background: token.colorPrimary, textAlign: 'center', lineHeight: '28px', fontWeight: 600 }}>湘</div>
          {!collapsed && <span style={{ fontSize: 16, fontWeight: 600 }}>{t('app.name')}</span>}
        </div>
        <Menu theme="dark" mode="inline" selectedKeys={[selected]} defaultOpenKeys={['admin']} items={modules as never}
          onClick={({ key }) => navigate(key)} data-testid="side-menu" />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: token.colorBgContainer, padding: '0 16px 0 8px', height: 56, lineHeight: '56px', display: 'flex', alignItems: 'center', gap: 16, borderBottom: `1px solid ${token.colorBorderSecondary}`, position: 'sticky', top: 0, zIndex: 10 }}>
          <Button type="text" icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />} onClick={() => setCollapsed(!collapsed)} aria-label={t('menu.toggle')} />
          <GlobalSearch />
          <div style={{ flex: 1 }} />
          <Space size={12}>
            <Space size={4} data-testid="unit-role">
              <Tag color="blue" style={{ marginInlineEnd: 0 }}>{t(`roles.${me.user.role}`)}</Tag>
              <Typography.Text type="secondary">{unitName}</Typography.Text>
            </Space>
            <Segmented size="small" value={i18n.language} data-testid="language-switch"
              options={[{ label: '中文', value: 'zh-CN' }, { label: 'EN', value: 'en' }]} onChange={(v) => changeLanguage(v as Language)} />
            <Dropdown menu={{
              items: [
                { key: 'tokens', icon: <KeyOutlined />, label: t('menu.apiTokens'), onClick: () => navigate('/admin/api-tokens') },
                { key: 'password', icon: <LockOutlined />, label: t('session.changePassword'), onClick: () => navigate('/password') },
                { type: 'divider' },
                { key: 'signout', icon: <LogoutOutlined />, label: t('session.signOut'), disabled: signOut.isPending,
                  onClick: () => signOut.mutate(undefined, { onSettled: () => navigate('/login', { replace: true }) }) },
              ],
            }}>
              <Space style={{ cursor: 'pointer' }} data-testid="user-menu">
                <Avatar size="small" style={{ background: token.colorPrimary }} icon={<UserOutlined />} />
                <span>{me.user.displayName}</span>
              </Space>
            </Dropdown>
          </Space>
        </Layout.Header>
        {!isOnline && <Alert banner type="warning" message={t('errors.offlineBanner')} />}
        <Layout.Content style={{ padding: 20, minWidth: 0 }}>
          <Suspense fallback={<div style={{ padding: 48, textAlign: 'center' }}><Spin /></div>}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
