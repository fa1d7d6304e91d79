import { useEffect, useState } from 'react';
import { App, Button, Card, Checkbox, DatePicker, Empty, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { useCan } from '../session/session.ts';
import { useProducts } from '../ui/lookups.tsx';
import { QueryState } from '../ui/QueryState.tsx';
import { useDuration } from './duration.ts';
import { prioritiesUrgentFirst } from './tags.tsx';
import {
  useCalendarYear, useSetCalendarYear, useSetSlaPolicies, useSetWorkingHours, useSlaPolicies,
  type CalendarDayBody, type SlaPolicyBody, type SlaPolicyT,
} from './api.ts';

const priorities = prioritiesUrgentFirst;

/** 服务时限与工作日历 — the terms tickets are worked to: policies by priority, tier and product; working hours; holidays and make-up days. */
export default function TermsPage() {
  const { t } = useTranslation();
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="terms-page">
      <Typography.Title level={4} style={{ margin: 0 }}>{t('terms.title')}</Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>{t('terms.intro')}</Typography.Paragraph>
      <PoliciesCard />
      <CalendarCard />
    </Space>
  );
}

const bodyOf = (p: SlaPolicyT): SlaPolicyBody => ({
  name: p.name, priority: p.priority, customerTier: p.customerTier, productId: p.productId,
  firstResponseMinutes: p.firstResponseMinutes, nextResponseMinutes: p.nextResponseMinutes, resolutionMinutes: p.resolutionMinutes, clock: p.clock,
});

function PoliciesCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const policies = useSlaPolicies();
  const save = useSetSlaPolicies();
  const duration = useDuration();
  const products = useProducts();
  const [draft, setDraft] = useState<SlaPolicyBody[] | null>(null);
  if (!policies.data) return <Card title={t('terms.policies')} size="small"><QueryState isLoading={policies.isLoading} error={policies.error} retry={() => policies.refetch()} /></Card>;
  const productName = (id: string | null) => (id ? products.data?.find((p) => p.id === id)?.name ?? '—' : t('terms.anyProduct'));
  const edit = (i: number, patch: Partial<SlaPolicyBody>) => setDraft((d) => d!.map((p, n) => (n === i ? { ...p, ...patch } : p)));
  const minutesInput = (i: number, key: 'firstResponseMinutes' | 'nextResponseMinutes' | 'resolutionMinutes', label: string) => (
    <InputNumber min={1} max={525_600} precision={0} value={draft![i][key]} addonAfter={t('terms.min')} style={{ width: 130 }} aria-label={label}
      onChange={(v) => edit(i, { [key]: v ?? 1 })} />
  );
  if (draft) {
    return (
      <Card title={t('terms.policies')} size="small" data-testid="terms-policies">
        <div style={{ overflowX: 'auto' }}>
          <Table<SlaPolicyBody> rowKey={(_p, i) => String(i)} size="small" pagination={false} dataSource={draft} style={{ minWidth: 1000 }}
            columns={[
              { title: t('terms.name'), render: (_v, p, i) => <Input value={p.name} maxLength={60} style={{ width: 120 }} aria-label={t('terms.name')} onChange={(e) => edit(i, { name: e.target.value })} /> },
              { title: t('tickets.priority'), render: (_v, p, i) => <Select value={p.priority} style={{ width: 90 }} aria-label={t('tickets.priority')} onChange={(v) => edit(i, { priority: v })} options={priorities.map((v) => ({ value: v, label: t(`ticketPriority.${v}`) }))} /> },
              { title: t('terms.tier'), render: (_v, p, i) => <Select value={p.customerTier ?? 'any'} style={{ width: 100 }} aria-label={t('terms.tier')} onChange={(v: 'any' | 'key' | 'regular') => edit(i, { customerTier: v === 'any' ? null : v })}
                options={[{ value: 'any', label: t('terms.anyTier') }, { value: 'key', label: t('tier.key') }, { value: 'regular', label: t('tier.regular') }]} /> },
              { title: t('terms.product'), render: (_v, p, i) => <Select value={p.productId ?? 'any'} style={{ width: 150 }} aria-label={t('terms.product')} onChange={(v) => edit(i, { productId: v === 'any' ? null : v })}
                options={[{ value: 'any', label: t('terms.anyProduct') }, ...(products.data ?? []).map((x) => ({ value: x.id, label: x.name }))]} /> },
              { title: t('terms.firstResponse'), render: (_v, _p, i) => minutesInput(i, 'firstResponseMinutes', t('terms.firstResponse')) },
              { title: t('terms.nextResponse'), render: (_v, _p, i) => minutesInput(i, 'nextResponseMinutes', t('terms.nextResponse')) },
              { title: t('terms.resolution'), render: (_v, _p, i) => minutesInput(i, 'resolutionMinutes', t('terms.resolution')) },
              { title: t('terms.clock'), render: (_v, p, i) => <Select value={p.clock} style={{ width: 120 }} aria-label={t('terms.clock')} onChange={(v) => edit(i, { clock: v })}
                options={[{ value: 'business', label: t('terms.clockBusiness') }, { value: 'around_the_clock', label: t('terms.clockAlways') }]} /> },
              { title: '', render: (_v, _p, i) => <Button danger size="small" onClick={() => setDraft((d) => d!.filter((_x, n) => n !== i))}>{t('terms.remove')}</Button> },
            ]} />
        </div>
        <Space wrap style={{ marginTop: 12 }}>
          <Button onClick={() => setDraft((d) => [...d!, { name: '', priority: 'normal', customerTier: null, productId: null, firstResponseMinutes: 240, nextResponseMinutes: 240, resolutionMinutes: 1620, clock: 'business' }])}>{t('terms.add')}</Button>
          <Button type="primary" loading={save.isPending} data-testid="terms-policies-save"
            onClick={() => save.mutate(draft, { onSuccess: () => { setDraft(null); void message.success(t('terms.saved')); }, onError: (e) => message.error(e.message) })}>{t('terms.save')}</Button>
          <Button onClick={() => setDraft(null)}>{t('terms.cancel')}</Button>
        </Space>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>{t('terms.removeHelp')}</Typography.Paragraph>
      </Card>
    );
  }
  return (
    <Card title={t('terms.policies')} size="small" data-testid="terms-policies"
      extra={can('sla.manage') && <Button onClick={() => setDraft(policies.data.filter((p) => p.isActive).map(bodyOf))} data-testid="terms-policies-edit">{t('terms.edit')}</Button>}>
      <div style={{ overflowX: 'auto' }}>
        <Table<SlaPolicyT> rowKey="id" size="small" pagination={false} dataSource={policies.data} style={{ minWidth: 820 }}
          locale={{ emptyText: <Empty description={t('terms.noPolicies')} /> }}
          columns={[
            { title: t('terms.name'), dataIndex: 'name', render: (n: string, p) => <Space>{n}{!p.isActive && <Tag>{t('terms.inactive')}</Tag>}</Space> },
            { title: t('tickets.priority'), dataIndex: 'priority', render: (v: SlaPolicyT['priority']) => t(`ticketPriority.${v}`) },
            { title: t('terms.tier'), dataIndex: 'customerTier', render: (v: SlaPolicyT['customerTier']) => (v ? t(`tier.${v}`) : t('terms.anyTier')) },
            { title: t('terms.product'), dataIndex: 'productId', render: (v: string | null) => productName(v) },
            { title: t('terms.firstResponse'), dataIndex: 'firstResponseMinutes', render: (m: number) => duration(m) },
            { title: t('terms.nextResponse'), dataIndex: 'nextResponseMinutes', render: (m: number) => duration(m) },
            { title: t('terms.resolution'), dataIndex: 'resolutionMinutes', render: (m: number) => duration(m) },
            { title: t('terms.clock'), dataIndex: 'clock', render: (c: SlaPolicyT['clock']) => (c === 'business' ? t('terms.clockBusiness') : t('terms.clockAlways')) },
          ]} />
      </div>
    </Card>
  );
}

const weekdays = [1, 2, 3, 4, 5, 6, 7] as const;

function CalendarCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const [year, setYear] = useState(new Date().getFullYear());
  const calendar = useCalendarYear(year);
  const setDays = useSetCalendarYear();
  const setHours = useSetWorkingHours();
  const [days, setDraftDays] = useState<CalendarDayBody[] | null>(null);
  const [hours, setDraftHours] = useState<{ opensAt: string; closesAt: string; weekdays: number[] } | null>(null);
  useEffect(() => { setDraftDays(null); }, [year]);
  const failed = (e: Error) => message.error(e.message);
  const mayEdit = can('sla.manage');
  const data = calendar.data;
  return (
    <Card title={t('terms.calendar')} size="small" data-testid="terms-calendar"
      extra={<Select value={year} onChange={setYear} aria-label={t('terms.year')} style={{ width: 100 }}
        options={[-1, 0, 1].map((d) => new Date().getFullYear() + d).map((y) => ({ value: y, label: String(y) }))} />}>
      {!data ? <QueryState isLoading={calendar.isLoading} error={calendar.error} retry={() => calendar.refetch()} /> : (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text strong>{t('terms.workingHours')}</Typography.Text>
          {hours ? (
            <Space wrap>
              <Input value={hours.opensAt} onChange={(e) => setDraftHours({ ...hours, opensAt: e.target.value })} style={{ width: 90 }} aria-label={t('terms.opensAt')} placeholder="09:00" />
              –
              <Input value={hours.closesAt} onChange={(e) => setDraftHours({ ...hours, closesAt: e.target.value })} style={{ width: 90 }} aria-label={t('terms.closesAt')} placeholder="18:00" />
              <Checkbox.Group value={hours.weekdays} onChange={(v) => setDraftHours({ ...hours, weekdays: v as number[] })}
                options={weekdays.map((d) => ({ value: d, label: t(`terms.weekday.${d}`) }))} />
              <Button type="primary" loading={setHours.isPending} onClick={() => setHours.mutate(hours, { onSuccess: () => setDraftHours(null), onError: failed })}>{t('terms.save')}</Button>
              <Button onClick={() => setDraftHours(null)}>{t('terms.cancel')}</Button>
            </Space>
          ) : (
            <Space wrap data-testid="terms-hours">
              <Typography.Text>{t('terms.hoursLine', { opensAt: data.hours.opensAt, closesAt: data.hours.closesAt, days: data.hours.weekdays.map((d) => t(`terms.weekday.${d}`)).join(t('terms.listSeparator')) })}</Typography.Text>
              {mayEdit && <Button size="small" onClick={() => setDraftHours({ ...data.hours })}>{t('terms.edit')}</Button>}
            </Space>
          )}
          <Space wrap>
            <Typography.Text strong>{t('terms.days', { year })}</Typography.Text>
            <Tag color={data.isPublished ? 'blue' : 'gold'} data-testid="terms-calendar-source">{data.isPublished ? t('terms.published') : t('terms.own')}</Tag>
            {mayEdit && !days && <Button size="small" onClick={() => setDraftDays(data.days.map(({ day, kind, name }) => ({ day, kind, name })))}>{t('terms.edit')}</Button>}
            {mayEdit && !days && !data.isPublished && (
              <Button size="small" onClick={() => setDays.mutate({ year, days: [] }, { onError: failed })}>{t('terms.backToPublished')}</Button>
            )}
          </Space>
          {days ? (
            <Space direction="vertical" style={{ width: '100%' }}>
              {days.map((d, i) => (
                <Space key={i} wrap>
                  <DatePicker value={dayjs(d.day)} allowClear={false} aria-label={t('terms.day')}
                    onChange={(v) => v && setDraftDays(days.map((x, n) => (n === i ? { ...x, day: v.format('YYYY-MM-DD') } : x)))} />
                  <Select value={d.kind} style={{ width: 120 }} aria-label={t('terms.kind')} onChange={(kind) => setDraftDays(days.map((x, n) => (n === i ? { ...x, kind } : x)))}
                    options={[{ value: 'holiday', label: t('terms.holiday') }, { value: 'workday', label: t('terms.workday') }]} />
                  <Input value={d.name} maxLength={40} style={{ width: 140 }} aria-label={t('terms.dayName')} onChange={(e) => setDraftDays(days.map((x, n) => (n === i ? { ...x, name: e.target.value } : x)))} />
                  <Button danger size="small" onClick={() => setDraftDays(days.filter((_x, n) => n !== i))}>{t('terms.remove')}</Button>
                </Space>
              ))}
              <Space wrap>
                <Button onClick={() => setDraftDays([...days, { day: `${year}-01-01`, kind: 'holiday', name: '' }])}>{t('terms.addDay')}</Button>
                <Button type="primary" loading={setDays.isPending} onClick={() => setDays.mutate({ year, days }, { onSuccess: () => setDraftDays(null), onError: failed })}>{t('terms.save')}</Button>
                <Button onClick={() => setDraftDays(null)}>{t('terms.cancel')}</Button>
              </Space>
            </Space>
          ) : (
            <div style={{ overflowX: 'auto' }}>
              <Table rowKey="day" size="small" pagination={false} dataSource={data.days} data-testid="terms-days" style={{ minWidth: 420 }}
                locale={{ emptyText: <Empty description={t('terms.noDays')} /> }}
                columns={[
                  { title: t('terms.day'), dataIndex: 'day', render: (d: string) => t('terms.dayWithWeekday', { day: d, weekday: t(`terms.weekday.${dayjs(d).day() || 7}`) }) },
                  { title: t('terms.kind'), dataIndex: 'kind', render: (k: string) => <Tag color={k === 'holiday' ? 'red' : 'blue'}>{k === 'holiday' ? t('terms.holiday') : t('terms.workday')}</Tag> },
                  { title: t('terms.dayName'), dataIndex: 'name' },
                ]} />
            </div>
          )}
          <Typography.Text type="secondary">{t('terms.calendarHelp')}</Typography.Text>
        </Space>
      )}
    </Card>
  );
}
