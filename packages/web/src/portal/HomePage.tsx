import { useState } from 'react';
import { Button, Card, Col, Empty, List, Row, Space, Statistic, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { date, dateTime, money, phone } from '../ui/format.ts';
import { QueryState } from '../ui/QueryState.tsx';
import { useMyBills, useMyPoints, useMyServices, usePortalMe } from './api.ts';

const billColor = { open: 'orange', paid: 'green', overdue: 'red' } as const;

/** 首页 — who they are to us, what they owe and spend, their services, bills and payments. */
export default function HomePage() {
  const { t } = useTranslation();
  const me = usePortalMe();
  const services = useMyServices();
  const bills = useMyBills();
  if (!me.data) return <QueryState isLoading={me.isLoading} error={me.error} retry={() => me.refetch()} />;
  const { figures } = me.data;
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }} data-testid="portal-home">
      <Card size="small">
        <Space direction="vertical" size={4} style={{ width: '100%' }}>
          <Space wrap>
            <Typography.Title level={4} style={{ margin: 0 }}>{t('portal.overview.hello', { name: me.data.name })}</Typography.Title>
            {me.data.isKeyAccount && <Tag color="gold">{t('portal.overview.keyAccount')}</Tag>}
          </Space>
          {me.data.accountManagerName && <Typography.Text type="secondary">{t('portal.overview.accountManager', { name: me.data.accountManagerName })}</Typography.Text>}
        </Space>
        <Row gutter={[8, 12]} style={{ marginTop: 12 }}>
          <Col span={12}><Statistic title={t('portal.overview.owed')} value={money(figures.owedFen)} valueStyle={{ color: figures.owedFen > 0 ? '#cf1322' : undefined }} /></Col>
          <Col span={12}><Statistic title={t('portal.overview.monthly')} value={money(figures.monthlyFeeFen)} /></Col>
          <Col span={12}><Statistic title={t('portal.overview.services')} value={figures.activeServices} /></Col>
          <Col span={12}><Statistic title={t('portal.overview.unpaid')} value={figures.unpaidBills} suffix={figures.overdueBills ? <Typography.Text type="danger" style={{ fontSize: 13 }}>（{t('portal.overview.overdue')} {figures.overdueBills}）</Typography.Text> : null} /></Col>
        </Row>
      </Card>
      <Card size="small" title={t('portal.overview.myServices')}>
        {services.data ? (
          <List dataSource={services.data.items} locale={{ emptyText: <Empty description={t('portal.overview.noServices')} /> }} data-testid="portal-services"
            renderItem={(s) => (
              <List.Item>
                <List.Item.Meta title={<Space wrap>{s.productName}<Tag color={s.status === 'active' ? 'green' : 'default'}>{t(`portal.overview.serviceStatus.${s.status}`)}</Tag></Space>}
                  description={<Space direction="vertical" size={0}><span>{phone(s.serviceNumber)}</span><span>{t('portal.overview.since', { date: date(s.startDate) })}</span></Space>} />
                <span>{t('portal.overview.perMonth', { amount: money(s.monthlyFeeFen) })}</span>
              </List.Item>
            )} />
        ) : <QueryState isLoading={services.isLoading} error={services.error} retry={() => services.refetch()} />}
      </Card>
      <Card size="small" title={t('portal.overview.bills')}>
        {bills.data ? (
          <List dataSource={bills.data.bills} locale={{ emptyText: <Empty description={t('portal.overview.noBills')} /> }} data-testid="portal-bills"
            renderItem={(b) => (
              <List.Item>
                <List.Item.Meta title={<Space wrap>{b.period}<Tag color={billColor[b.status]}>{t(`portal.overview.billStatus.${b.status}`)}</Tag></Space>}
                  description={b.status === 'paid' ? `${t('portal.overview.paid')} ${money(b.paidFen)}` : t('portal.overview.dueBy', { date: date(b.dueDate) })} />
                <Typography.Text strong>{money(b.amountFen)}</Typography.Text>
              </List.Item>
            )} />
        ) : <QueryState isLoading={bills.isLoading} error={bills.error} retry={() => bills.refetch()} />}
      </Card>
      <PointsCard />
      {bills.data && (
        <Card size="small" title={t('portal.overview.payments')}>
          <List dataSource={bills.data.payments} locale={{ emptyText: <Empty description={t('portal.overview.noPayments')} /> }}
            renderItem={(p) => (
              <List.Item>
                <List.Item.Meta title={t(`payMethod.${p.method}`, { defaultValue: p.method })} description={dateTime(p.paidAt)} />
                <span>{money(p.amountFen)}</span>
              </List.Item>
            )} />
        </Card>
      )}
    </Space>
  );
}

/** 我的积分 — the balance, then how it came: the latest few, all on asking. */
function PointsCard() {
  const { t } = useTranslation();
  const points = useMyPoints();
  const [isAll, setAll] = useState(false);
  if (!points.data) return <Card size="small" title={t('portal.overview.points')}><QueryState isLoading={points.isLoading} error={points.error} retry={() => points.refetch()} /></Card>;
  const { balance, entries } = points.data;
  const shown = isAll ? entries : entries.slice(0, 3);
  return (
    <Card size="small" title={t('portal.overview.points')} data-testid="portal-points">
      <Statistic value={balance} suffix={t('portal.overview.pointsUnit')} data-testid="portal-points-balance" />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('portal.overview.pointsRule')}</Typography.Text>
      <List dataSource={shown} locale={{ emptyText: <Empty description={t('portal.overview.noPoints')} /> }}
        renderItem={(e) => (
          <List.Item>
            <List.Item.Meta title={t(`portal.overview.pointsReasons.${e.reason}`, { period: e.billPeriod ?? '' })} description={dateTime(e.occurredAt)} />
            <Typography.Text type={e.points < 0 ? 'danger' : 'success'}>{e.points > 0 ? '+' : ''}{e.points}</Typography.Text>
          </List.Item>
        )} />
      {entries.length > 3 && <Button type="link" block onClick={() => setAll(!isAll)}>{isAll ? t('portal.overview.fewer') : t('portal.overview.more', { n: entries.length })}</Button>}
    </Card>
  );
}
