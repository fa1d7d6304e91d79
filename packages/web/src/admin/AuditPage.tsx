import { useState } from 'react';
import { Button, Card, DatePicker, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Dayjs } from 'dayjs';
import { auditActions, auditEntities } from '@xiang/shared/codes';
import { api } from '../api/client.ts';
import type { AuditEntryT, Query } from '../api/types.ts';
import { dateTime } from '../ui/format.ts';
import { auditActionLabel, auditEntityLabel } from '../ui/labels.ts';
import { UnitSelect, UserSelect } from '../ui/lookups.tsx';
import { QueryState } from '../ui/QueryState.tsx';

type Filter = Omit<Query<'/audit'>, 'cursor' | 'limit'>;

/** 审计日志 — who changed what, before and after; newest first. */
export default function AuditPage() {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<Filter>({});
  const pages = useInfiniteQuery({
    queryKey: ['audit', filter],
    queryFn: ({ pageParam }) => api.GET('/audit', { params: { query: { ...filter, cursor: pageParam, limit: 50 } } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = pages.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card title={t('menu.audit')}>
      <Form layout="inline" style={{ marginBottom: 16, rowGap: 12 }} onFinish={(v) => setFilter({
        entity: v.entity, entityId: v.entityId?.trim() || undefined, action: v.action, actorId: v.actorId, unitId: v.unitId,
        from: v.range?.[0] ? (v.range[0] as Dayjs).startOf('day').toISOString() : undefined,
        to: v.range?.[1] ? (v.range[1] as Dayjs).endOf('day').toISOString() : undefined,
      })}>
        <Form.Item name="entity"><Select allowClear placeholder={t('auditTrail.allEntities')} style={{ width: 140 }} aria-label={t('audit.entity')}
          options={auditEntities.map((e) => ({ value: e, label: auditEntityLabel(t, e) }))} /></Form.Item>
        <Form.Item name="entityId"><Input allowClear placeholder={t('audit.entityId')} aria-label={t('audit.entityId')} style={{ width: 200 }} /></Form.Item>
        <Form.Item name="action"><Select allowClear showSearch optionFilterProp="label" placeholder={t('auditTrail.allActions')} aria-label={t('audit.action')} style={{ width: 200 }}
          options={auditActions.map((a) => ({ value: a, label: auditActionLabel(t, a) }))} /></Form.Item>
        <Form.Item name="actorId"><UserSelect allowClear placeholder={t('audit.actor')} style={{ width: 200 }} /></Form.Item>
        <Form.Item name="unitId"><UnitSelect allowClear placeholder={t('customers.unit')} style={{ width: 200 }} /></Form.Item>
        <Form.Item name="range"><DatePicker.RangePicker /></Form.Item>
        <Button type="primary" htmlType="submit">{t('common.search')}</Button>
      </Form>
      {pages.isError && !items.length ? <QueryState error={pages.error} retry={() => pages.refetch()} /> : (
        <Table<AuditEntryT> rowKey="id" size="small" loading={pages.isLoading} dataSource={items} pagination={false} scroll={{ x: 900 }} data-testid="audit-trail"
          expandable={{ expandedRowRender: (r) => <ChangedFields entry={r} /> }}
          columns={[
            { title: t('audit.at'), dataIndex: 'at', width: 170, render: (v) => dateTime(v) },
            { title: t('audit.actor'), dataIndex: 'actorName', width: 140 },
            { title: t('audit.action'), dataIndex: 'action', width: 200, render: (v) => <span data-testid="audit-action">{auditActionLabel(t, v)}</span> },
            { title: t('auditTrail.object'), dataIndex: 'entity', render: (_, r) => <Subject entry={r} /> },
          ]} />
      )}
      <div style={{ textAlign: 'center', marginTop: 16 }}>
        {pages.hasNextPage && <Button loading={pages.isFetchingNextPage} onClick={() => pages.fetchNextPage()}>{t('common.loadMore')}</Button>}
      </div>
    </Card>
  );
}

/** The record a row is about, named and linked: a customer by number and name, a user by name. */
function Subject({ entry: r }: { entry: AuditEntryT }) {
  const { t } = useTranslation();
  const s = r.subject;
  const named = s?.kind === 'customer'
    ? <Link to={`/customers/${s.id}`} data-testid="audit-subject">{s.number} {s.name}</Link>
    : s?.kind === 'user' ? <Link to="/admin/users" data-testid="audit-subject">{s.name}</Link> : null;
  return (
    <Space size={6} wrap>
      <Tag bordered={false}>{auditEntityLabel(t, r.entity)}</Tag>
      {named ?? <Typography.Text type="secondary" style={{ fontSize: 12 }} copyable={{ text: r.entityId }}>{r.entityId}</Typography.Text>}
    </Space>
  );
}

/** Before → after, field by field, for the fields the change touched (a creation: the new values). */
function ChangedFields({ entry: r }: { entry: AuditEntryT }) {
  const { t } = useTranslation();
  const before = (r.before ?? {}) as Record<string, unknown>;
  const after = (r.after ?? {}) as Record<string, unknown>;
  const isCreation = r.before == null;
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((f) => !isCreation || !['id', 'createdAt', 'updatedAt', 'nameGrams'].includes(f));
  if (!fields.length) return <Typography.Text type="secondary">{t('auditTrail.nothingChanged')}</Typography.Text>;
  return (
    <Table size="small" pagination={false} rowKey="field" data-testid="audit-diff" style={{ maxWidth: 900 }}
      dataSource={fields.map((field) => ({ field, before: before[field], after: after[field] }))}
      columns={[
        { title: t('auditTrail.field'), dataIndex: 'field', width: 160, render: (f: string) => fieldLabel(t, f) },
        ...(isCreation ? [] : [{ title: t('audit.before'), dataIndex: 'before', render: (v: unknown, row: { field: string }) => <s>{valueText(t, row.field, v)}</s> }]),
        { title: isCreation ? t('auditTrail.created') : t('audit.after'), dataIndex: 'after', render: (v: unknown, row: { field: string }) => valueText(t, row.field, v) },
      ]} />
  );
}

type T = ReturnType<typeof useTranslation>['t'];
// The customer's fields have their labels on the customer pages; others show their key.
const customerFields = new Set(['number', 'name', 'tier', 'kind', 'status', 'tags', 'createdAt', 'address', 'gender', 'birthDate', 'industry', 'note']);
const fieldLabel = (t: T, field: string) => customerFields.has(field) ? t(`customers.${field}`)
  : t(`merge.fields.${field}`, { defaultValue: t(`users.${field}`, { defaultValue: field }) });
const codeFields: Record<string, string> = { tier: 'tier', kind: 'kind', status: 'status', gender: 'gender', role: 'roles', channel: 'channel' };
function valueText(t: T, field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string' && codeFields[field]) return t(`${codeFields[field]}.${value}`, { defaultValue: value });
  if (typeof value === 'boolean') return value ? '✓' : '✗';
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join('、') || '—';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
