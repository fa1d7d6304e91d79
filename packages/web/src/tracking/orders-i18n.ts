import type { Shape } from '../i18n/shape.ts';

/** 网上订单 — the words of the 360° page's orders tab, merged into the tracking module's (i18n.ts). */
export const ordersZh = {
  orders: {
    tab: '网上订单', empty: '该客户还没有网上订单',
    emptyHint: '站点服务器用 API 令牌向 /api/v1/tracking/sites/{站点ID}/orders 提交订单后，订单会显示在这里，并记入客户时间线。',
    more: '加载更多', total: '金额', paid: '已支付', unpaid: '未支付', items: '{{count}} 项商品', quantity: '× {{count}}',
    site: '站点', orderedAt: '下单时间', shipTo: '收货', unitPrice: '单价',
    payment: { alipay: '支付宝', wechat_pay: '微信支付', unionpay: '银联', bank_card: '银行卡', cash_on_delivery: '货到付款', points: '积分', other: '其他' },
  },
};
export const ordersTimelineZh = { 'web.order': '网上订单', 'web.registered': '网上注册' };

export const ordersEn: Shape<typeof ordersZh> = {
  orders: {
    tab: 'Online orders', empty: 'No online orders for this customer yet',
    emptyHint: 'Once the site\'s server posts orders with an API token to /api/v1/tracking/sites/{siteId}/orders, they show here and on the customer\'s timeline.',
    more: 'Load more', total: 'Total', paid: 'Paid', unpaid: 'Unpaid', items: '{{count}} items', quantity: '× {{count}}',
    site: 'Site', orderedAt: 'Ordered', shipTo: 'Ship to', unitPrice: 'Unit price',
    payment: { alipay: 'Alipay', wechat_pay: 'WeChat Pay', unionpay: 'UnionPay', bank_card: 'Bank card', cash_on_delivery: 'Cash on delivery', points: 'Points', other: 'Other' },
  },
};
export const ordersTimelineEn: Shape<typeof ordersTimelineZh> = { 'web.order': 'Online order', 'web.registered': 'Registered on a site' };
