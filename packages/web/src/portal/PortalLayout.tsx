import { Layout, Segmented, theme, Typography } from 'antd';
import { CustomerServiceOutlined, FileTextOutlined, HomeOutlined, QuestionCircleOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router';
import { changeLanguage, type Language } from '../i18n/index.ts';

const tabs = [
  { to: '/portal', icon: <HomeOutlined />, label: 'portal.home', end: true },
  { to: '/portal/report', icon: <CustomerServiceOutlined />, label: 'portal.report', end: false },
  { to: '/portal/tickets', icon: <FileTextOutlined />, label: 'portal.tickets', end: false },
  { to: '/portal/knowledge', icon: <QuestionCircleOutlined />, label: 'portal.articles', end: false },
  { to: '/portal/me', icon: <UserOutlined />, label: 'portal.me', end: false },
];

/**
 * The portal's frame, made for a phone held in one hand: a narrow column, and the five places a
 * customer goes in a bar at the bottom within the thumb's reach (on a wide screen the same column).
 */
export function PortalLayout() {
  const { t, i18n } = useTranslation();
  const { token } = theme.useToken();
  return (
    <Layout style={{ minHeight: '100%', background: token.colorBgLayout }}>
      <Layout.Header style={{ background: token.colorPrimary, height: 52, lineHeight: '52px', padding: '0 12px', display: 'flex', alignItems: 'center', justifyContent: 'space-between', position: 'sticky', top: 0, zIndex: 10 }}>
        <Typography.Text strong style={{ color: '#fff', fontSize: 17 }}>{t('portal.name')}</Typography.Text>
        <Segmented size="small" value={i18n.language} options={[{ label: '中文', value: 'zh-CN' }, { label: 'EN', value: 'en' }]}
          onChange={(v) => changeLanguage(v as Language)} data-testid="portal-language" />
      </Layout.Header>
      <Layout.Content style={{ width: '100%', maxWidth: 640, margin: '0 auto', padding: '12px 12px 84px' }}>
        <Outlet />
      </Layout.Content>
      <nav aria-label={t('portal.name')} style={{ position: 'fixed', bottom: 0, left: 0, right: 0, zIndex: 10, background: token.colorBgContainer, borderTop: `1px solid ${token.colorBorderSecondary}`, paddingBottom: 'env(safe-area-inset-bottom)' }}>
        <div style={{ maxWidth: 640, margin: '0 auto', display: 'grid', gridTemplateColumns: `repeat(${tabs.length}, 1fr)` }}>
          {tabs.map((tab) => (
            <NavLink key={tab.to} to={tab.to} end={tab.end} data-testid={`portal-tab-${tab.label.split('.')[1]}`}
              style={({ isActive }) => ({ display: 'flex', flexDirection: 'column', alignItems: 'center', gap: 2, padding: '8px 0 6px', minHeight: 56, fontSize: 12,
                color: isActive ? token.colorPrimary : token.colorTextSecondary, fontWeight: isActive ? 600 : 400 })}>
              <span style={{ fontSize: 20 }} aria-hidden>{tab.icon}</span>{t(tab.label)}
            </NavLink>
          ))}
        </div>
      </nav>
    </Layout>
  );
}
