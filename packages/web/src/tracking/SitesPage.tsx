import { useState } from 'react';
import { App, Button, Card, Empty, Form, Input, List, Modal, Radio, Space, Switch, Tag, Typography } from 'antd';
import { EditOutlined, PlusOutlined, TeamOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useCan } from '../session/session.ts';
import { QueryState } from '../ui/QueryState.tsx';
import { showProblemOnFields } from '../ui/problems.ts';
import { IdentitySecret } from './IdentitySecret.tsx';
import { snippetOf, useChangeSite, useCreateSite, useSites, type SiteT } from './api.ts';

interface SiteForm { name: string; origins: string; searchParam: string; consentMode: 'none' | 'required' }

const originsOf = (text: string) => text.split(/\s+/).map((s) => s.trim()).filter(Boolean);

/** 站点 — the sites that send what their visitors do, each with the snippet its pages carry. */
export default function SitesPage() {
  const { t } = useTranslation();
  const can = useCan();
  const sites = useSites();
  const [editing, setEditing] = useState<SiteT | 'new' | null>(null);
  if (!sites.data && !sites.isLoading) return <QueryState error={sites.error} retry={() => sites.refetch()} />;
  const mayManage = can('tracking.manage');
  return (
    <Card title={t('sites.title')} extra={mayManage && (
      <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="new-site">{t('sites.newSite')}</Button>
    )}>
      <Typography.Paragraph type="secondary">{t('sites.intro')}</Typography.Paragraph>
      <List loading={sites.isLoading} dataSource={sites.data ?? []} rowKey="id"
        locale={{ emptyText: <Empty description={<><div>{t('sites.empty')}</div>{mayManage && <Typography.Text type="secondary">{t('sites.emptyHint')}</Typography.Text>}</>} /> }}
        renderItem={(site) => (
          <List.Item data-testid="site" actions={[
            <Link key="visitors" to={`/tracking/sites/${site.id}`} data-testid="site-visitors"><Button icon={<TeamOutlined />}>{t('sites.openVisitors')}</Button></Link>,
            ...(mayManage ? [<Button key="edit" icon={<EditOutlined />} onClick={() => setEditing(site)}>{t('sites.edit')}</Button>] : []),
          ]}>
            <List.Item.Meta
              title={<Space wrap><Link to={`/tracking/sites/${site.id}`}>{site.name}</Link>{site.isActive ? <Tag color="green">{t('sites.active')}</Tag> : <Tag>{t('sites.inactive')}</Tag>}
                {site.consentMode === 'required' && <Tag color="blue">{t('sites.consent')}</Tag>}</Space>}
              description={<Space direction="vertical" style={{ width: '100%', minWidth: 0 }}>
                <Typography.Text type="secondary" style={{ wordBreak: 'break-all' }}>{site.allowedOrigins.join(' · ')}</Typography.Text>
                <Typography.Paragraph code copyable={{ text: snippetOf(site), tooltips: [t('sites.copySnippet'), t('sites.copied')] }}
                  style={{ marginBottom: 0, wordBreak: 'break-all' }} data-testid="snippet">{snippetOf(site)}</Typography.Paragraph>
                {mayManage && <IdentitySecret siteId={site.id} />}
              </Space>} />
          </List.Item>
        )} />
      {editing && <SiteModal site={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </Card>
  );
}

function SiteModal({ site, onClose }: { site: SiteT | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<SiteForm & { isActive: boolean }>();
  const create = useCreateSite();
  const change = useChangeSite();
  const saving = create.isPending || change.isPending;
  // The API names origins by their place in the list; the form holds them as lines of one field.
  const onError = (e: unknown) => {
    const rest = showProblemOnFields(form, e);
    const onOrigins = /^allowedOrigins/.test(rest ?? '');
    if (onOrigins) form.setFields([{ name: 'origins', errors: [rest!.replace(/^allowedOrigins(\.\d+)?: /, '')] }]);
    else if (rest) message.error(rest);
  };
  const submit = (v: SiteForm & { isActive: boolean }) => {
    const body = { name: v.name, allowedOrigins: originsOf(v.origins), searchParam: v.searchParam, consentMode: v.consentMode };
    if (!site) create.mutate(body, { onSuccess: (made) => { message.success(t('sites.created', { name: made.name })); onClose(); }, onError });
    else change.mutate({ id: site.id, change: { ...body, isActive: v.isActive } }, { onSuccess: (saved) => { message.success(t('sites.saved', { name: saved.name })); onClose(); }, onError });
  };
  return (
    <Modal open title={site ? t('sites.editTitle', { name: site.name }) : t('sites.newSite')} onCancel={onClose} okText={t('sites.save')} cancelText={t('sites.cancel')}
      onOk={() => form.submit()} confirmLoading={saving} destroyOnHidden width={560}>
      <Form form={form} layout="vertical" onFinish={submit} disabled={saving} initialValues={{
        name: site?.name ?? '', origins: site?.allowedOrigins.join('\n') ?? '', searchParam: site?.searchParam ?? 'q',
        consentMode: site?.consentMode ?? 'none', isActive: site?.isActive ?? true,
      }}>
        <Form.Item name="name" label={t('sites.name')} rules={[{ required: true, whitespace: true, message: t('sites.nameRequired') }]}>
          <Input placeholder={t('sites.namePlaceholder')} maxLength={100} />
        </Form.Item>
        <Form.Item name="origins" label={t('sites.origins')} extra={t('sites.originsHelp')} rules={[{ required: true, whitespace: true, message: t('sites.originsRequired') }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} placeholder="https://shop.example.cn" />
        </Form.Item>
        <Form.Item name="searchParam" label={t('sites.searchParam')} extra={t('sites.searchParamHelp')}>
          <Input maxLength={40} style={{ maxWidth: 200 }} />
        </Form.Item>
        <Form.Item name="consentMode" label={t('sites.consent')}>
          <Radio.Group options={[{ value: 'none', label: t('sites.consentNone') }, { value: 'required', label: t('sites.consentRequired') }]} style={{ display: 'flex', flexDirection: 'column', gap: 8 }} />
        </Form.Item>
        {site && <Form.Item name="isActive" label={t('sites.state')} valuePropName="checked"><Switch checkedChildren={t('sites.active')} unCheckedChildren={t('sites.inactive')} /></Form.Item>}
      </Form>
    </Modal>
  );
}
