import { useState } from 'react';
import { Button, Card, DatePicker, Form, Input, Space, Table, Typography } from 'antd';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { get } from '../api/client.ts';
import type { AuditEntryT, Page } from '../api/types.ts';
import { dateTime } from '../ui/format.ts';
import { UnitSelect, UserSelect } from '../ui/lookups.tsx';
import { QueryState } from '../ui/QueryState.tsx';

interface Filter { entity?: string; entityId?: string; action?: string; actorId?: string; unitId?: string; from?: string; to?: string }

/** 审计日志 — who changed what, before and after; newest first. */
export default function AuditPage() {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<Filter>({});
  const pages = useInfiniteQuery({
    queryKey: ['audit', filter],
    queryFn: ({ pageParam }) => get<Page<AuditEntryT>>('/audit', { ...filter, before: pageParam, limit: 50 }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = pages.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card title={t('menu.audit')}>
      <Form layout="inline" style={{ marginBottom: 16, rowGap: 12 }} onFinish={(v) => setFilter({
        entity: v.entity?.trim() || undefined, entityId: v.entityId?.trim() || undefined, action: v.action?.trim() || undefined, actorId: v.actorId, unitId: v.unitId,
        from: v.range?.[0] ? (v.range[0] as Dayjs).startOf('day').toISOString() : undefined,
        to: v.range?.[1] ? (v.range[1] as Dayjs).endOf('day').toISOString() : undefined,
      })}>
        <Form.Item name="entity"><Input allowClear placeholder={t('audit.entity')} style={{ width: 140 }} /></Form.Item>
        <Form.Item name="entityId"><Input allowClear placeholder={t('audit.entityId')} style={{ width: 200 }} /></Form.Item>
        <Form.Item name="action"><Input allowClear placeholder={t('audit.action')} style={{ width: 160 }} /></Form.Item>
        <Form.Item name="actorId"><UserSelect allowClear placeholder={t('audit.actor')} style={{ width: 200 }} /></Form.Item>
        <Form.Item name="unitId"><UnitSelect allowClear placeholder={t('customers.unit')} style={{ width: 200 }} /></Form.Item>
        <Form.Item name="range"><DatePicker.RangePicker /></Form.Item>
        <Button type="primary" htmlType="submit">{t('common.search')}</Button>
      </Form>
      {pages.isError && !items.length ? <QueryState error={pages.error} retry={() => pages.refetch()} /> : (
        <Table<AuditEntryT> rowKey="id" size="small" loading={pages.isLoading} dataSource={items} pagination={false}
          expandable={{ expandedRowRender: (r) => (
            <Space align="start" size={24} style={{ width: '100%' }}>
              <div><Typography.Text type="secondary">{t('audit.before')}</Typography.Text><pre style={{ fontSize: 12, maxWidth: 560, overflow: 'auto' }}>{JSON.stringify(r.before, null, 2)}</pre></div>
              <div><Typography.Text type="secondary">{t('audit.after')}</Typography.Text><pre style={{ fontSize: 12, maxWidth: 560, overflow: 'auto' }}>{JSON.stringify(r.after, null, 2)}</pre></div>
            </Space>
          ) }}
          columns={[
            { title: t('audit.at'), dataIndex: 'at', width: 190, render: (v) => dateTime(v) },
            { title: t('audit.actor'), dataIndex: 'actorName', width: 180 },
            { title: t('audit.action'), dataIndex: 'action', render: (v) => <Typography.Text code>{v}</Typography.Text> },
            { title: t('audit.entity'), dataIndex: 'entity' },
            { title: t('audit.entityId'), dataIndex: 'entityId', render: (v) => <Typography.Text copyable={{ text: v }} style={{ fontSize: 12 }}>{v}</Typography.Text> },
          ]} />
      )}
      <div style={{ textAlign: 'center', marginTop: 16 }}>
        {pages.hasNextPage && <Button loading={pages.isFetchingNextPage} onClick={() => pages.fetchNextPage()}>{t('common.loadMore')}</Button>}
      </div>
    </Card>
  );
}
