import type { contactcentreAudit } from '@xiang/shared/codes/contactcentre';
import type { AuditLabels, Shape } from '../i18n/shape.ts';

/** 热线与信箱 — the words of the contact centre, in both languages (en has the same keys; the compiler refuses a missing one). */
const zhCN = {
  contactCentre: {
    menu: '热线与信箱', title: '热线与信箱', calls: '热线通话', mail: '投诉信箱',
    logCall: '登记通话', callId: '呼叫中心通话编号', callIdHelp: '呼叫中心系统里的编号；手工登记可自拟，例如 HAND-20261201-01', number: '主叫号码',
    direction: '方向', directions: { inbound: '呼入', outbound: '呼出' },
    outcome: '结果', outcomes: { resolved: '已解决', callback: '待回访', transferred: '已转接', abandoned: '未接通', ticket: '已转工单' },
    startedAt: '开始时间', duration: '通话时长', seconds: '秒', minutesSeconds: '{{m}} 分 {{s}} 秒', agent: '接听坐席', recording: '录音文件', note: '备注',
    customer: '客户', unmatched: '未匹配客户', makeTicket: '转为工单', ticketMade: '已转为工单', openTicket: '查看工单',
    noCalls: '还没有通话记录；呼叫中心可用 API 令牌提交到 POST /api/v1/hotline/calls，或在此手工登记', noMail: '还没有收到邮件',
    from: '发件人', subject: '主题', receivedAt: '收到时间', attachments: '附件', noAttachments: '没有附件', noSubject: '（无主题）',
    more: '加载更多', details: '邮件详情', logged: '已登记通话', required: '请填写此项', textOnly: '邮件只以纯文本显示。',
  },
  timelineType: { 'hotline.call': '热线通话', 'mailbox.message': '投诉信箱来信' },
  ...({
    auditAction: {
      'hotline.call_logged': '登记热线通话', 'hotline.ticket_made': '热线通话转工单',
      'mailbox.message_received': '投诉信箱收信', 'mailbox.ticket_made': '来信转工单',
    },
    auditEntity: { hotline_call: '热线通话', mailbox_message: '信箱邮件' },
  } satisfies AuditLabels<typeof contactcentreAudit>),
};

const en: Shape<typeof zhCN> = {
  contactCentre: {
    menu: 'Hotline & mailbox', title: 'Hotline & mailbox', calls: 'Hotline calls', mail: 'Complaint mailbox',
    logCall: 'Log a call', callId: 'Call centre call id', callIdHelp: 'The id in the call-centre system; by hand, make one up, e.g. HAND-20261201-01', number: 'Caller number',
    direction: 'Direction', directions: { inbound: 'Inbound', outbound: 'Outbound' },
    outcome: 'Outcome', outcomes: { resolved: 'Resolved', callback: 'Call back', transferred: 'Transferred', abandoned: 'Abandoned', ticket: 'Ticket taken' },
    startedAt: 'Started', duration: 'Duration', seconds: 'seconds', minutesSeconds: '{{m}} min {{s}} s', agent: 'Agent', recording: 'Recording', note: 'Note',
    customer: 'Customer', unmatched: 'No customer matched', makeTicket: 'Make a ticket', ticketMade: 'Ticket made', openTicket: 'Open the ticket',
    noCalls: 'No calls yet: the call centre posts them with an API token to POST /api/v1/hotline/calls, or log one here', noMail: 'No mail received yet',
    from: 'From', subject: 'Subject', receivedAt: 'Received', attachments: 'Attachments', noAttachments: 'No attachments', noSubject: '(no subject)',
    more: 'Load more', details: 'Message', logged: 'Call logged', required: 'Fill this in', textOnly: 'Mail is shown as plain text only.',
  },
  timelineType: { 'hotline.call': 'Hotline call', 'mailbox.message': 'Complaint mailbox message' },
  auditAction: {
    'hotline.call_logged': 'Hotline call logged', 'hotline.ticket_made': 'Ticket made from a call',
    'mailbox.message_received': 'Mailbox message received', 'mailbox.ticket_made': 'Ticket made from a message',
  },
  auditEntity: { hotline_call: 'Hotline call', mailbox_message: 'Mailbox message' },
};

export const contactCentreMessages = { 'zh-CN': zhCN, en };
