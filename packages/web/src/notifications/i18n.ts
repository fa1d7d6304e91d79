import type { notificationAudit } from '@xiang/shared/codes/notifications';
import type { AuditLabels, Shape } from '../i18n/shape.ts';

/** 消息 — the words of the notifications module, in both languages (en has the same keys; the compiler refuses a missing one). */
const zhCN = {
  menu: { messageTemplates: '消息模板' },
  messages: {
    title: '消息', templates: '消息模板', newTemplate: '新建模板', send: '发送消息', sendNow: '发送', template: '模板',
    chooseTemplate: '选择模板', noTemplates: '还没有模板：由市场部或经理在“消息模板”中编写', language: '语言',
    to: '发送至', subject: '主题', content: '内容', smsParts: '短信条数', sendAfter: '发送时间（免打扰时段后）', queued: '消息已排队，几秒内发出',
    queuedUntil: '消息已排队；现在是免打扰时段，将于 {{time}} 发出', none: '还没有发送过消息', when: '时间', channel: '渠道', status: '状态',
    name: '名称', kindLabel: '类型', updatedAt: '修改时间', templateSaved: '已保存模板：{{name}}',
    fieldsHelp: '按客户填入的字段：',
    kind: { service: '服务类', promotional: '营销类' },
    consent: { sms: '接收营销短信', email: '接收营销邮件' },
    noticeChannel: '通知方式', noticeAutomatic: '自动', noticeDefault: '自动（有邮箱发邮件，否则短信）', noticeUnreachable: '未登记', noticeSaved: '已记录客户选择的通知方式', noticeBy: { portal: '客户本人在网上营业厅选择', staff: '员工记录' },
    consentSince: '{{time}} 起', consentGranted: '已记录客户同意', consentWithdrawn: '已撤回同意：此渠道不再发送营销消息',
  },
  messageStatus: { queued: '排队中', sent: '已发送', failed: '发送失败', bounced: '被退回' },
  ...({
    auditAction: { 'message_template.created': '新建消息模板', 'message.queued': '消息排队发送', 'consent.changed': '修改营销许可', 'notice_channel.changed': '修改通知方式' },
    auditEntity: { message_template: '消息模板', outbound_message: '消息' },
  } satisfies AuditLabels<typeof notificationAudit>),
};

const en: Shape<typeof zhCN> = {
  menu: { messageTemplates: 'Message templates' },
  messages: {
    title: 'Messages', templates: 'Message templates', newTemplate: 'New template', send: 'Send a message', sendNow: 'Send', template: 'Template',
    chooseTemplate: 'Choose a template', noTemplates: 'No templates yet: marketing or a manager writes them under Message templates', language: 'Language',
    to: 'To', subject: 'Subject', content: 'Text', smsParts: 'SMS parts', sendAfter: 'Goes out at (after quiet hours)', queued: 'Message queued; it goes out in a few seconds',
    queuedUntil: 'Message queued; quiet hours: it goes out at {{time}}', none: 'No messages sent yet', when: 'When', channel: 'Channel', status: 'Status',
    name: 'Name', kindLabel: 'Kind', updatedAt: 'Changed', templateSaved: 'Template saved: {{name}}',
    fieldsHelp: 'Fields filled in for each customer:',
    kind: { service: 'Service', promotional: 'Promotional' },
    consent: { sms: 'Promotional SMS', email: 'Promotional e-mail' },
    noticeChannel: 'Notices by', noticeAutomatic: 'Automatic', noticeDefault: 'Automatic (e-mail if on file, else SMS)', noticeUnreachable: 'not on file', noticeSaved: 'The customer\'s choice of notices is recorded', noticeBy: { portal: 'chosen by the customer in the portal', staff: 'recorded by staff' },
    consentSince: 'since {{time}}', consentGranted: 'Consent recorded', consentWithdrawn: 'Consent withdrawn: no more promotional messages on this channel',
  },
  messageStatus: { queued: 'Queued', sent: 'Sent', failed: 'Failed', bounced: 'Bounced' },
  auditAction: { 'message_template.created': 'Message template created', 'message.queued': 'Message queued', 'consent.changed': 'Consent changed', 'notice_channel.changed': 'Notice channel changed' },
  auditEntity: { message_template: 'Message template', outbound_message: 'Message' },
};

export const notificationsMessages = { 'zh-CN': zhCN, en };
