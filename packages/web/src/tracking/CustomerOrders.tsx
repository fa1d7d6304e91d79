import { Button, Collapse, Empty, List, Space, Tag, Typography } from 'antd';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { ItemOf } from '../api/types.ts';
import { dateTime, money } from '../ui/format.ts';
import { QueryState } from '../ui/QueryState.tsx';

type OrderT = ItemOf<'/customers/{customerId}/orders'>;

/** 网上订单 — the 360° page's tab: the orders the customer's sites posted, newest first, a page at a time. */
export function CustomerOrders({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const pages = useInfiniteQuery({
    queryKey: ['online-orders', customerId],
    queryFn: ({ pageParam }) => api.GET('/customers/{customerId}/orders', { params: { path: { customerId }, query: { cursor: pageParam, limit: 20 } } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  if (pages.error) return <QueryState error={pages.error} retry={() => pages.refetch()} />;
  const orders = pages.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Space direction="vertical" style={{ width: '100%', minWidth: 0 }} data-testid="online-orders">
      <List loading={pages.isLoading} dataSource={orders} rowKey="id"
        locale={{ emptyText: <Empty description={<><div>{t('orders.empty')}</div><Typography.Text type="secondary">{t('orders.emptyHint')}</Typography.Text></>} /> }}
        renderItem={(order) => <List.Item data-testid="online-order" style={{ display: 'block' }}><Order order={order} /></List.Item>} />
      {pages.hasNextPage && <Button block onClick={() => pages.fetchNextPage()} loading={pages.isFetchingNextPage}>{t('orders.more')}</Button>}
    </Space>
  );
}

/** An amount in the order's currency; yuan for CNY as everywhere in the console. */
function amount(fen: number, currency: string) {
  return currency === 'CNY' ? money(fen) : `${currency} ${(fen / 100).toFixed(2)}`;
}

function Order({ order }: { order: OrderT }) {
  const { t } = useTranslation();
  const address = order.shippingAddress;
  return (
    <Space direction="vertical" style={{ width: '100%', minWidth: 0 }} size={4}>
      <Space wrap size={4}>
        <Typography.Text strong copyable={{ text: order.orderNumber }}>{order.orderNumber}</Typography.Text>
        <Typography.Text>{amount(order.total, order.currency)}</Typography.Text>
        <Tag bordered={false} color={order.isPaid ? 'green' : 'orange'}>{order.isPaid ? t('orders.paid') : t('orders.unpaid')}</Tag>
        <Tag bordered={false}>{t(`orders.payment.${order.paymentMethod}`)}</Tag>
      </Space>
      <Typography.Text type="secondary">{t('orders.site')}: {order.siteName} · {t('orders.orderedAt')}: {dateTime(order.orderedAt)}</Typography.Text>
      {address && <Typography.Text type="secondary" style={{ wordBreak: 'break-all' }}>
        {t('orders.shipTo')}: {address.recipient} · {[address.province, address.city, address.district, address.line].filter(Boolean).join(' ')}
      </Typography.Text>}
      <Collapse size="small" ghost items={[{ key: 'items', label: t('orders.items', { count: order.items.length }), children: (
        <List size="small" dataSource={order.items} rowKey={(item) => `${item.productCode}/${item.productName}`} renderItem={(item) => (
          <List.Item style={{ display: 'block' }}>
            <Space wrap size={4} style={{ justifyContent: 'space-between', width: '100%' }}>
              <span style={{ wordBreak: 'break-all' }}>{item.productName} <Typography.Text type="secondary">{item.productCode}</Typography.Text></span>
              <span>{t('orders.quantity', { count: item.quantity })} · {amount(item.unitPrice, order.currency)} = {amount(item.quantity * item.unitPrice, order.currency)}</span>
            </Space>
          </List.Item>
        )} />
      ) }]} />
    </Space>
  );
}

