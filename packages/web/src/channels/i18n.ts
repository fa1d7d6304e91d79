import type { channelAudit } from '@xiang/shared/codes/channels';
import type { AuditLabels, Shape } from '../i18n/shape.ts';

/** 电子渠道 — the words of the channels module, in both languages (en has the same keys; the compiler refuses a missing one). */
const zhCN = {
  menu: { channels: '渠道' },
  channels: {
    title: '渠道', intro: '网上营业厅、短信营业厅、掌上营业厅、空中营业厅（充值卡）等渠道的系统用各自的令牌把交易实时发送到 CRM，交易会记入客户的接触记录。',
    newChannel: '登记渠道', name: '名称', nameRequired: '请填写渠道名称', namePlaceholder: '例如：长沙掌上营业厅',
    code: '代码', codeHelp: '2 至 40 个小写字母、数字、_ 或 -，例如 cs-mobile-hall', codeRequired: '请填写代码',
    kind: '类型', active: '启用', inactive: '已停用', today: '今日交易', failed: '失败', lastAt: '最后交易时间', none: '—',
    empty: '还没有渠道', emptyHint: '登记一个渠道，把它的令牌交给该渠道的系统，交易就会实时进入 CRM。',
    created: '已登记渠道：{{name}}', saved: '已保存：{{name}}', save: '登记', cancel: '取消', close: '关闭',
    tokenTitle: '渠道令牌', tokenOnce: '令牌只显示这一次，CRM 只保存它的摘要。请立即复制并交给渠道系统；丢失后只能更换新令牌。',
    copy: '复制', copied: '已复制', example: '接入示例',
    renew: '更换令牌', renewConfirm: '更换后旧令牌立即失效，渠道系统须改用新令牌。确定更换？', renewed: '已更换令牌',
    transactions: '交易', transactionsOf: '交易：{{name}}', transactionId: '交易编号', occurredAt: '发生时间', status: '结果', amount: '金额', customer: '客户', noCustomer: '未匹配', outOfSight: '已匹配（不在您的管辖范围内）',
    reason: '原因', more: '加载更多', noTransactions: '这个渠道还没有交易', back: '返回渠道列表',
    succeeded: '成功', failedStatus: '失败',
  },
  channelKind: {
    online_hall: '网上营业厅', sms_hall: '短信营业厅', mobile_hall: '掌上营业厅', air_hall: '空中营业厅（充值卡）',
    call_centre: '呼叫中心', email: '电子邮件', web: '网站', outlet: '实体营业厅',
  },
  transactionKind: { recharge: '充值', plan_change: '套餐变更', bill_payment: '缴费', query: '查询', order: '订购', complaint: '投诉' },
  timelineType: {
    'channel.recharge': '渠道充值', 'channel.plan_change': '渠道套餐变更', 'channel.bill_payment': '渠道缴费', 'channel.query': '渠道查询',
    'channel.order': '渠道订购', 'channel.complaint': '渠道投诉',
  },
  ...({
    auditAction: { 'channel.created': '登记渠道', 'channel.changed': '修改渠道', 'channel.token_renewed': '更换渠道令牌' },
    auditEntity: { channel: '渠道' },
  } satisfies AuditLabels<typeof channelAudit>),
};

const en: Shape<typeof zhCN> = {
  menu: { channels: 'Channels' },
  channels: {
    title: 'Channels', intro: 'The systems of the online hall, SMS hall, mobile hall, air hall (recharge cards) and other channels post their transactions to the CRM in real time, each with its own token; each lands on its customer\'s timeline.',
    newChannel: 'Register a channel', name: 'Name', nameRequired: 'Give the channel a name', namePlaceholder: 'e.g. Changsha mobile hall',
    code: 'Code', codeHelp: '2 to 40 lower-case letters, digits, _ or -, e.g. cs-mobile-hall', codeRequired: 'Give the channel a code',
    kind: 'Kind', active: 'Active', inactive: 'Switched off', today: 'Today', failed: 'Failed', lastAt: 'Last transaction', none: '—',
    empty: 'No channels yet', emptyHint: 'Register a channel and give its token to the channel\'s system: its transactions reach the CRM in real time.',
    created: 'Channel registered: {{name}}', saved: 'Saved: {{name}}', save: 'Register', cancel: 'Cancel', close: 'Close',
    tokenTitle: 'Channel token', tokenOnce: 'The token is shown this once; the CRM keeps only its digest. Copy it now for the channel\'s system; if it is lost, make a new one.',
    copy: 'Copy', copied: 'Copied', example: 'Example',
    renew: 'New token', renewConfirm: 'The old token stops working at once and the channel\'s system must use the new one. Make a new token?', renewed: 'New token made',
    transactions: 'Transactions', transactionsOf: 'Transactions: {{name}}', transactionId: 'Transaction id', occurredAt: 'When', status: 'Result', amount: 'Amount', customer: 'Customer', noCustomer: 'Not matched', outOfSight: 'Matched (outside your units)',
    reason: 'Reason', more: 'Load more', noTransactions: 'No transactions from this channel yet', back: 'Back to channels',
    succeeded: 'Succeeded', failedStatus: 'Failed',
  },
  channelKind: {
    online_hall: 'Online hall', sms_hall: 'SMS hall', mobile_hall: 'Mobile hall', air_hall: 'Air hall (recharge cards)',
    call_centre: 'Call centre', email: 'E-mail', web: 'Web', outlet: 'Outlet',
  },
  transactionKind: { recharge: 'Recharge', plan_change: 'Plan change', bill_payment: 'Bill payment', query: 'Query', order: 'Order', complaint: 'Complaint' },
  timelineType: {
    'channel.recharge': 'Channel recharge', 'channel.plan_change': 'Channel plan change', 'channel.bill_payment': 'Channel bill payment', 'channel.query': 'Channel query',
    'channel.order': 'Channel order', 'channel.complaint': 'Channel complaint',
  },
  auditAction: { 'channel.created': 'Channel registered', 'channel.changed': 'Channel changed', 'channel.token_renewed': 'Channel token renewed' },
  auditEntity: { channel: 'Channel' },
};

export const channelsMessages = { 'zh-CN': zhCN, en };
