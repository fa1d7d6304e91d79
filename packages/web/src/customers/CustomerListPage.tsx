import { useMemo, useState } from 'react';
import {
  App, Button, Card, Checkbox, DatePicker, Dropdown, Form, Input, Modal, Select, Space, Table, Tag, Tooltip, Typography, type TableColumnsType,
} from 'antd';
import { DownloadOutlined, LeftOutlined, PlusOutlined, RightOutlined, SettingOutlined, SwapOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { api, downloadHref } from '../api/client.ts';
import type { Body, CustomerListItemT, Query } from '../api/types.ts';
import { useLiveTopic } from '../api/realtime.ts';
import { useCan, useSignedIn } from '../session/session.ts';
import { date, dateTime, unitName } from '../ui/format.ts';
import { QueryState } from '../ui/QueryState.tsx';
import { UnitSelect, UserSelect } from '../ui/lookups.tsx';
import { showProblemOnFields } from '../ui/problems.ts';
import { CustomerFormModal } from './CustomerForm.tsx';

const filterKeys = ['q', 'unitId', 'ownerId', 'tier', 'kind', 'status', 'tag', 'createdFrom', 'createdTo', 'customerSinceFrom', 'customerSinceTo', 'sort'] as const;
type Filters = Pick<Query<'/customers'>, (typeof filterKeys)[number]>;
const allColumns = ['number', 'name', 'phone', 'tier', 'kind', 'unitName', 'ownerName', 'tags', 'customerSince', 'createdAt', 'address'] as const;
const defaultColumns = ['number', 'name', 'phone', 'tier', 'unitName', 'ownerName', 'tags', 'createdAt'];
const COLUMNS_KEY = 'xiang.customers.columns';

/** 客户列表 — filters live in the address, so a filtered list can be bookmarked and shared. */
export default function CustomerListPage() {
  const { t, i18n } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  // The address may say anything: the API refuses a filter it does not know (400), shown as the list's problem.
  const filters = Object.fromEntries(filterKeys.map((k) => [k, params.get(k) ?? undefined]).filter(([, v]) => v)) as Filters;
  const [pageSize, setPageSize] = useState(20);
  // Keyset pages have no numbers: remember the cursors we came through to go back.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const [selected, setSelected] = useState<string[]>([]);
  const [isCreating, setCreating] = useState(false);
  const [isReassigning, setReassigning] = useState(false);
  const [columns, setColumns] = useState<string[]>(() => JSON.parse(localStorage.getItem(COLUMNS_KEY) ?? 'null') ?? defaultColumns);

  // A customer of my units added, changed or moved by someone else: the page and the count are read again.
  const queryClient = useQueryClient();
  const me = useSignedIn();
  useLiveTopic(`unit:${me.unit.id}:customers`, () => void queryClient.invalidateQueries({ queryKey: ['customers'] }));
  const list = useQuery({
    queryKey: ['customers', 'list', filters, cursor, pageSize],
    queryFn: () => api.GET('/customers', { params: { query: { ...filters, cursor, limit: pageSize } } }),
    placeholderData: keepPreviousData,
  });
  // 共 1,234 / 约 3,200 — asked beside the page, never before it: the rows show while it counts.
  const { sort: _sort, ...countFilters } = filters;
  const count = useQuery({
    queryKey: ['customers', 'count', countFilters],
    queryFn: () => api.GET('/customers/count', { params: { query: countFilters } }),
    staleTime: 30_000,
  });

  const applyFilters = (next: Filters) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...filters, ...next })) if (v) p.set(k, v);
    setParams(p, { replace: true });
    setCursors([undefined]);
    setSelected([]);
  };

  const tableColumns: TableColumnsType<CustomerListItemT> = useMemo(() => {
    const sortOf = (field: string) => (filters.sort === field ? 'ascend' : filters.sort === `-${field}` ? 'descend' : null);
    const all: TableColumnsType<CustomerListItemT> = [
      { key: 'number', title: t('customers.number'), dataIndex: 'number', width: 120, render: (v, c) => <Link to={`/customers/${c.id}`}>{v}</Link> },
      { key: 'name', title: t('customers.name'), dataIndex: 'name', sorter: true, sortOrder: sortOf('name'), render: (v, c) => (
        <Space direction="vertical" size={0}>
          <Link to={`/customers/${c.id}`}>{v}</Link>
          {c.matched && <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="matched-identity">
            {t('customerList.matched', { kind: t(`identity.${c.matched.kind}`), value: c.matched.value })}
          </Typography.Text>}
        </Space>
      ) },
      { key: 'phone', title: t('identity.phone'), dataIndex: 'phone', width: 130, render: (v) => v ?? '—' },
      { key: 'tier', title: t('customers.tier'), dataIndex: 'tier', width: 100, render: (v) => <Tag color={v === 'key' ? 'gold' : 'default'}>{t(`tier.${v}`)}</Tag> },
      { key: 'kind', title: t('customers.kind'), dataIndex: 'kind', width: 100, render: (v) => t(`kind.${v}`) },
      { key: 'unitName', title: t('customers.unit'), dataIndex: 'unitName', render: (_, c) => unitName(c) },
      { key: 'ownerName', title: t('customers.owner'), dataIndex: 'ownerName', render: (v) => v ?? <Typography.Text type="secondary">{t('customers.noOwner')}</Typography.Text> },
      { key: 'tags', title: t('customers.tags'), dataIndex: 'tags', render: (tags: string[]) => tags.map((x) => <Tag key={x}>{x}</Tag>) },
      { key: 'createdAt', title: t('customers.createdAt'), dataIndex: 'createdAt', width: 180, sorter: true, sortOrder: sortOf('createdAt') ?? (filters.sort ? null : 'descend'), render: (v) => dateTime(v) },
      { key: 'address', title: t('customers.address'), dataIndex: 'address', ellipsis: true },
      { key: 'customerSince', title: t('customerList.customerSince'), dataIndex: 'customerSince', width: 120, render: (v) => (v ? date(v) : '—') },
    ];
    return all.filter((c) => columns.includes(c.key as string));
  }, [t, columns, filters.sort]);

  // The file speaks the console's language: a download link cannot send it as Accept-Language.
  const exportHref = downloadHref('/customers/export.csv', { query: { ...filters, lang: i18n.language as Query<'/customers/export.csv'>['lang'] } });
  const created = filters.createdFrom ? [dayjs(filters.createdFrom), filters.createdTo ? dayjs(filters.createdTo) : null] : null;
  const since = filters.customerSinceFrom || filters.customerSinceTo
    ? [filters.customerSinceFrom ? dayjs(filters.customerSinceFrom) : null, filters.customerSinceTo ? dayjs(filters.customerSinceTo) : null] : null;

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card size="small" title={t('customers.title')} extra={
        <Space>
          {can('customer.export') && <Button icon={<DownloadOutlined />} href={exportHref} data-testid="export-csv">{t('customers.export')}</Button>}
          {can('customer.write') && <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="create-customer">{t('customers.create')}</Button>}
        </Space>
      }>
        <Form layout="inline" style={{ rowGap: 12 }} key={params.toString()} initialValues={{ ...filters, created, since }}
          onFinish={(v) => applyFilters({
            q: v.q?.trim() || undefined, unitId: v.unitId, ownerId: v.ownerId, tier: v.tier, status: v.status, tag: v.tag?.trim() || undefined, kind: v.kind,
            createdFrom: v.created?.[0] ? (v.created[0] as Dayjs).startOf('day').toISOString() : undefined,
            createdTo: v.created?.[1] ? (v.created[1] as Dayjs).endOf('day').toISOString() : undefined,
            customerSinceFrom: v.since?.[0] ? (v.since[0] as Dayjs).format('YYYY-MM-DD') : undefined,
            customerSinceTo: v.since?.[1] ? (v.since[1] as Dayjs).format('YYYY-MM-DD') : undefined,
          })}>
          <Form.Item name="q"><Input allowClear placeholder={t('customers.searchPlaceholder')} style={{ width: 220 }} data-testid="list-q" /></Form.Item>
          <Form.Item name="unitId"><UnitSelect allowClear style={{ width: 180 }} /></Form.Item>
          <Form.Item name="ownerId"><UserSelect allowClear style={{ width: 180 }} role="account_manager" /></Form.Item>
          <Form.Item name="tier"><Select allowClear placeholder={t('customers.tier')} aria-label={t('customers.tier')} style={{ width: 110 }} options={['key', 'regular'].map((v) => ({ value: v, label: t(`tier.${v}`) }))} /></Form.Item>
          <Form.Item name="kind"><Select allowClear placeholder={t('customers.kind')} aria-label={t('customers.kind')} style={{ width: 110 }} options={['individual', 'enterprise'].map((v) => ({ value: v, label: t(`kind.${v}`) }))} /></Form.Item>
          <Form.Item name="status"><Select allowClear placeholder={t('customers.status')} aria-label={t('customers.status')} style={{ width: 110 }} options={['active', 'archived', 'merged'].map((v) => ({ value: v, label: t(`status.${v}`) }))} /></Form.Item>
          <Form.Item name="tag"><Input allowClear placeholder={t('customers.tag')} style={{ width: 120 }} /></Form.Item>
          <Form.Item name="created"><DatePicker.RangePicker placeholder={[t('customers.createdFrom'), t('customers.createdTo')]} /></Form.Item>
          <Form.Item name="since">
            <DatePicker.RangePicker allowEmpty={[true, true]} placeholder={[t('customerList.customerSinceFrom'), t('customerList.customerSinceTo')]} data-testid="since-range" />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit">{t('common.search')}</Button>
              <Button onClick={() => { setParams(new URLSearchParams(), { replace: true }); setCursors([undefined]); }}>{t('common.reset')}</Button>
            </Space>
          </Form.Item>
        </Form>
      </Card>

      <Card size="small" styles={{ body: { padding: 0 } }}>
        <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', padding: '10px 16px' }}>
          <Space>
            {can('customer.reassign') && (
              <Button icon={<SwapOutlined />} disabled={!selected.length} onClick={() => setReassigning(true)} data-testid="bulk-reassign">
                {t('customers.reassign')}{selected.length ? ` (${selected.length})` : ''}
              </Button>
            )}
            {list.isFetching && !list.isLoading && <Typography.Text type="secondary">{t('common.loading')}</Typography.Text>}
          </Space>
          <Dropdown trigger={['click']} popupRender={() => (
            <Card size="small" style={{ width: 180 }}>
              <Checkbox.Group value={columns} style={{ display: 'grid', gap: 6 }}
                onChange={(v) => { const next = v as string[]; setColumns(next); localStorage.setItem(COLUMNS_KEY, JSON.stringify(next)); }}
                options={allColumns.map((c) => ({ value: c, label: c === 'phone' ? t('identity.phone') : c === 'customerSince' ? t('customerList.customerSince') : t(`customers.${c === 'unitName' ? 'unit' : c === 'ownerName' ? 'owner' : c}`) }))} />
            </Card>
          )}>
            <Tooltip title={t('customers.columns')}><Button icon={<SettingOutlined />} data-testid="choose-columns" /></Tooltip>
          </Dropdown>
        </div>
        {list.isError && !list.data ? <QueryState error={list.error} retry={() => list.refetch()} /> : (
          <Table<CustomerListItemT>
            rowKey="id" size="middle" columns={tableColumns} dataSource={list.data?.items} loading={list.isLoading} pagination={false}
            data-testid="customer-table"
            rowSelection={can('customer.reassign') ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]), preserveSelectedRowKeys: true, getCheckboxProps: (c) => ({ title: t('a11y.selectRow', { name: c.name }), ...{ 'aria-label': t('a11y.selectRow', { name: c.name }) } }) } : undefined}
            onRow={(c) => ({ onDoubleClick: () => navigate(`/customers/${c.id}`) })}
            onChange={(_p, _f, sorter) => {
              const s = Array.isArray(sorter) ? sorter[0] : sorter;
              // Only the name and created columns are sortable.
              const field = s?.order ? String(s.columnKey) as 'name' | 'createdAt' : undefined;
              applyFilters({ sort: field ? (s.order === 'ascend' ? field : `-${field}`) : undefined });
            }}
          />
        )}
        <div style={{ display: 'flex', justifyContent: 'flex-end', alignItems: 'center', gap: 12, padding: '12px 16px' }}>
          {count.data && (
            <Typography.Text type="secondary" data-testid="customer-total">
              {t(count.data.isEstimate ? 'customerList.totalEstimated' : 'customerList.total', { n: count.data.total.toLocaleString(i18n.language) })}
            </Typography.Text>
          )}
          <Typography.Text type="secondary">{t('customers.pageN', { n: cursors.length })}</Typography.Text>
          <Button icon={<LeftOutlined />} disabled={cursors.length === 1} onClick={() => setCursors(cursors.slice(0, -1))} data-testid="prev-page">{t('common.previous')}</Button>
          <Button disabled={!list.data?.nextCursor || list.isPlaceholderData} onClick={() => setCursors([...cursors, list.data!.nextCursor!])} data-testid="next-page">
            {t('common.next')} <RightOutlined />
          </Button>
          <Select value={pageSize} aria-label={t('a11y.pageSize')} style={{ width: 110 }} onChange={(v) => { setPageSize(v); setCursors([undefined]); }}
            options={[20, 50, 100].map((n) => ({ value: n, label: t('customers.perPage', { n }) }))} />
        </div>
      </Card>

      <CustomerFormModal open={isCreating} onClose={() => setCreating(false)} onSaved={(c) => { setCreating(false); navigate(`/customers/${c.id}`); }} />
      <ReassignModal open={isReassigning} customerIds={selected} onClose={() => setReassigning(false)} onDone={() => { setReassigning(false); setSelected([]); }} />
    </Space>
  );
}

function ReassignModal({ open, customerIds, onClose, onDone }: { open: boolean; customerIds: string[]; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ ownerId?: string; unitId?: string }>();
  const client = useQueryClient();
  const reassign = useMutation({
    mutationFn: (v: Omit<Body<'/customers/reassign'>, 'customerIds'>) => api.POST('/customers/reassign', { body: { customerIds, ...v } }),
    onSuccess: (r) => { message.success(t('customers.reassigned', { n: r.reassigned })); void client.invalidateQueries({ queryKey: ['customers'] }); form.resetFields(); onDone(); },
    onError: (e) => { const rest = showProblemOnFields(form, e); if (rest) message.error(rest); },
  });
  return (
    <Modal open={open} title={t('customers.reassignTitle', { n: customerIds.length })} onCancel={onClose} onOk={() => form.submit()}
      okButtonProps={{ loading: reassign.isPending }} okText={t('common.confirm')} cancelText={t('common.cancel')} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={(v) => reassign.mutate(v)} disabled={reassign.isPending}>
        <Form.Item name="ownerId" label={t('customers.newOwner')}><UserSelect allowClear role="account_manager" /></Form.Item>
        <Form.Item name="unitId" label={t('customers.newUnit')}><UnitSelect allowClear /></Form.Item>
      </Form>
    </Modal>
  );
}
