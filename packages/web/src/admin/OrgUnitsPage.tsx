import { useState } from 'react';
import { App, Button, Card, Col, Descriptions, Empty, Form, Input, Row, Select, Tree, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { Body } from '../api/types.ts';
import { unitTree, useOrgUnits } from '../ui/lookups.tsx';
import { showProblemOnFields } from '../ui/problems.ts';
import { QueryState } from '../ui/QueryState.tsx';
import { localName } from '../ui/format.ts';

const childLevel: Record<string, string[]> = { group: ['province'], province: ['local_network'], local_network: ['team'], team: ['team'] };

/** 组织机构 — the group, provinces, local networks and teams; customers and people belong to one. */
export default function OrgUnitsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const units = useOrgUnits();
  const client = useQueryClient();
  const [selectedId, setSelectedId] = useState<string>();
  const [form] = Form.useForm();
  const selected = units.data?.find((u) => u.id === selectedId);
  const create = useMutation({
    mutationFn: (v: Omit<Body<'/org-units'>, 'parentId'>) => api.POST('/org-units', { body: { ...v, parentId: selectedId! } }),
    onSuccess: (u) => { message.success(t('org.created')); form.resetFields(); void client.invalidateQueries({ queryKey: ['org-units'] }); setSelectedId(u.id); },
    onError: (e) => { const rest = showProblemOnFields(form, e); if (rest) message.error(rest); },
  });
  if (!units.data) return <QueryState isLoading={units.isLoading} error={units.error} retry={() => units.refetch()} />;
  return (
    <Row gutter={16}>
      <Col xs={24} lg={10}>
        <Card title={t('menu.orgUnits')}>
          <Tree treeData={unitTree(units.data) as never} defaultExpandAll showLine selectedKeys={selectedId ? [selectedId] : []}
            onSelect={(keys) => setSelectedId(keys[0] as string | undefined)} virtual={false} />
        </Card>
      </Col>
      <Col xs={24} lg={14}>
        <Card title={selected ? localName(selected.name, selected.nameEn) : t('org.pick')}>
          {!selected ? <Empty description={t('org.pickHint')} /> : (
            <>
              <Descriptions column={2} size="small" items={[
                { key: 'code', label: t('org.code'), children: selected.code },
                { key: 'level', label: t('org.level'), children: t(`level.${selected.level}`) },
                { key: 'name', label: t('org.name'), children: selected.name },
                { key: 'nameEn', label: t('org.nameEn'), children: selected.nameEn ?? '—' },
              ]} />
              <Typography.Title level={5} style={{ marginTop: 24 }}>{t('org.addChild')}</Typography.Title>
              <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)} disabled={create.isPending} initialValues={{ level: childLevel[selected.level][0] }} key={selected.id}>
                <Row gutter={12}>
                  <Col span={12}><Form.Item name="code" label={t('org.code')} rules={[{ required: true }]}><Input /></Form.Item></Col>
                  <Col span={12}><Form.Item name="level" label={t('org.level')}><Select options={childLevel[selected.level].map((l) => ({ value: l, label: t(`level.${l}`) }))} /></Form.Item></Col>
                  <Col span={12}><Form.Item name="name" label={t('org.name')} rules={[{ required: true }]}><Input /></Form.Item></Col>
                  <Col span={12}><Form.Item name="nameEn" label={t('org.nameEn')}><Input /></Form.Item></Col>
                </Row>
                <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={create.isPending}>{t('org.add')}</Button>
              </Form>
            </>
          )}
        </Card>
      </Col>
    </Row>
  );
}
