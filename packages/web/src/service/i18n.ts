import type { serviceAudit } from '@xiang/shared/codes/service';
import type { AuditLabels, Shape } from '../i18n/shape.ts';

/** 工单 — the words of the service module, in both languages (en has the same keys; the compiler refuses a missing one). */
const zhCN = {
  menu: { tickets: '工单' },
  tickets: {
    title: '工单队列', newTicket: '新建工单', ticket: '工单', kind: '类型', titleLabel: '标题', titleRequired: '请填写工单标题', description: '描述',
    category: '分类', categoryPlaceholder: '例如：宽带、话费、信号', priority: '优先级', priorityDefault: '不选：大客户为紧急，其余为普通', channel: '来源渠道',
    customer: '客户', customerRequired: '请选择客户', customerPlaceholder: '输入客户编号或名称搜索', assignee: '处理人', unassigned: '未分派', mine: '只看我的',
    status: '状态', open: '处理中的全部', all: '全部', search: '搜索标题', empty: '没有符合条件的工单', created: '已受理工单：{{title}}', createdAt: '受理时间',
    more: '加载更多', selected: '已选 {{n}} 张', bulkAssign: '批量分派', bulkPriority: '改优先级', bulkClose: '批量关闭', bulkDone: '已处理 {{n}} 张工单',
    stepTo: '改为“{{status}}”', history: '处理记录', messages: '备注与回复', note: '内部备注', reply: '回复客户', send: '保存', body: '内容',
    merge: '合并重复工单', mergeInto: '把另一张工单作为重复合并到本工单', duplicate: '重复的工单', mergedInto: '已合并到工单', duplicates: '合并进来的工单',
    fromTicket: '来自工单 {{id}}', noHistory: '暂无记录', subscription: '相关业务', details: '详情', back: '返回队列',
    assignTo: '分派给…', subscriptionHelp: '故障或投诉涉及的号码或宽带', noServices: '该客户没有业务', someone: '（已不在列表中的同事）', aService: '（已不在的业务）',
    field: { title: '标题', description: '描述', category: '分类', priority: '优先级', subscriptionId: '相关业务', assigneeId: '处理人', status: '状态', channel: '来源渠道', kind: '类型', mergedIntoId: '合并到', duplicateId: '重复工单' },
    change: { opened: '受理', status: '状态变更', assignee: '分派', priority: '优先级变更', fields: '修改', merged_into: '合并到其他工单', merged_from: '合并进重复工单' },
  },
  ticketKind: { fault: '故障申报', complaint: '投诉', inquiry: '咨询' },
  ticketStatus: { new: '新建', assigned: '已分派', in_progress: '处理中', waiting_on_customer: '待客户回复', resolved: '已解决', closed: '已关闭' },
  ticketPriority: { low: '低', normal: '普通', high: '高', urgent: '紧急' },
  timelineType: { 'ticket.opened': '受理工单', 'ticket.resolved': '工单已解决' },
  ...({
    auditAction: {
      'ticket.opened': '受理工单', 'ticket.changed': '修改工单', 'ticket.status_changed': '工单流转', 'ticket.resolved': '解决工单',
      'ticket.closed': '关闭工单', 'ticket.reopened': '重新打开工单', 'ticket.merged': '合并工单', 'ticket.message_added': '工单备注或回复',
    },
    auditEntity: { ticket: '工单' },
  } satisfies AuditLabels<typeof serviceAudit>),
};

const en: Shape<typeof zhCN> = {
  menu: { tickets: 'Tickets' },
  tickets: {
    title: 'Ticket queue', newTicket: 'New ticket', ticket: 'Ticket', kind: 'Kind', titleLabel: 'Title', titleRequired: 'Write what the ticket is about', description: 'Description',
    category: 'Category', categoryPlaceholder: 'e.g. broadband, billing, signal', priority: 'Priority', priorityDefault: 'Leave empty: urgent for key accounts, else normal', channel: 'Channel',
    customer: 'Customer', customerRequired: 'Choose the customer', customerPlaceholder: 'Search by customer number or name', assignee: 'Assignee', unassigned: 'Unassigned', mine: 'Mine only',
    status: 'Status', open: 'All still open', all: 'All', search: 'Search titles', empty: 'No tickets match', created: 'Ticket opened: {{title}}', createdAt: 'Opened',
    more: 'Load more', selected: '{{n}} selected', bulkAssign: 'Assign', bulkPriority: 'Set priority', bulkClose: 'Close', bulkDone: '{{n}} tickets changed',
    stepTo: 'Mark "{{status}}"', history: 'History', messages: 'Notes and replies', note: 'Internal note', reply: 'Reply to customer', send: 'Save', body: 'Text',
    merge: 'Merge a duplicate', mergeInto: 'Merge another ticket into this one as its duplicate', duplicate: 'Duplicate ticket', mergedInto: 'Merged into ticket', duplicates: 'Merged duplicates',
    fromTicket: 'From ticket {{id}}', noHistory: 'Nothing yet', subscription: 'Service', details: 'Details', back: 'Back to the queue',
    assignTo: 'Assign to…', subscriptionHelp: 'The number or line the fault or complaint is about', noServices: 'This customer has no services', someone: '(a colleague no longer listed)', aService: '(a service no longer held)',
    field: { title: 'Title', description: 'Description', category: 'Category', priority: 'Priority', subscriptionId: 'Service', assigneeId: 'Assignee', status: 'Status', channel: 'Channel', kind: 'Kind', mergedIntoId: 'Merged into', duplicateId: 'Duplicate' },
    change: { opened: 'Opened', status: 'Status', assignee: 'Assigned', priority: 'Priority', fields: 'Changed', merged_into: 'Merged into another', merged_from: 'Duplicate merged in' },
  },
  ticketKind: { fault: 'Fault report', complaint: 'Complaint', inquiry: 'Inquiry' },
  ticketStatus: { new: 'New', assigned: 'Assigned', in_progress: 'In progress', waiting_on_customer: 'Waiting on customer', resolved: 'Resolved', closed: 'Closed' },
  ticketPriority: { low: 'Low', normal: 'Normal', high: 'High', urgent: 'Urgent' },
  timelineType: { 'ticket.opened': 'Ticket opened', 'ticket.resolved': 'Ticket resolved' },
  auditAction: {
    'ticket.opened': 'Ticket opened', 'ticket.changed': 'Ticket changed', 'ticket.status_changed': 'Ticket status changed', 'ticket.resolved': 'Ticket resolved',
    'ticket.closed': 'Ticket closed', 'ticket.reopened': 'Ticket reopened', 'ticket.merged': 'Ticket merged', 'ticket.message_added': 'Ticket note or reply',
  },
  auditEntity: { ticket: 'Ticket' },
};

export const serviceMessages = { 'zh-CN': zhCN, en };
