import type { serviceAudit } from '@xiang/shared/codes/service';
import type { AuditLabels, Shape } from '../i18n/shape.ts';

/** 工单 — the words of the service module, in both languages (en has the same keys; the compiler refuses a missing one). */
const zhCN = {
  menu: { tickets: '工单', serviceTerms: '服务时限' },
  tickets: {
    title: '工单队列', newTicket: '新建工单', ticket: '工单', kind: '类型', titleLabel: '标题', titleRequired: '请填写工单标题', description: '描述',
    category: '分类', categoryPlaceholder: '例如：宽带、话费、信号', priority: '优先级', priorityDefault: '不选：大客户为紧急，其余为普通', channel: '来源渠道',
    customer: '客户', customerRequired: '请选择客户', customerPlaceholder: '输入客户编号或名称搜索', assignee: '处理人', unassigned: '未分派', mine: '只看我的',
    status: '状态', open: '处理中的全部', all: '全部', search: '搜索标题', empty: '没有符合条件的工单', created: '已受理工单：{{title}}', createdAt: '受理时间',
    more: '加载更多', selected: '已选 {{n}} 张', bulkAssign: '批量分派', bulkPriority: '改优先级', bulkClose: '批量关闭', bulkDone: '已处理 {{n}} 张工单',
    stepTo: '改为“{{status}}”', history: '处理记录', messages: '备注与回复', note: '内部备注', reply: '回复客户', send: '保存', body: '内容',
    merge: '合并重复工单', mergeInto: '把另一张工单作为重复合并到本工单', duplicate: '重复的工单', mergedInto: '已合并到工单', duplicates: '合并进来的工单',
    replyHelp: '回复会发给客户：有电子邮箱发邮件，没有则发短信到手机；受理和解决时客户也会收到通知。', everyService: '全部业务', searchArchive: '搜索标题或描述', nextDue: '时限', sort: '排序', sortNewest: '最新受理在前', sortDue: '最先到期在前', sla: '服务时限', firstResponseDue: '首次响应截止', resolutionDue: '解决截止', nextResponseDue: '下次响应截止', noSla: '没有适用的服务时限',
    dueMet: '已于 {{at}} 完成，未超时', dueMissed: '于 {{at}} 完成，已超时', duePaused: '自 {{at}} 起暂停计时（待客户回复或已解决）', dueLate: '已超时',
    fromTicket: '来自工单 {{id}}', noHistory: '暂无记录', subscription: '相关业务', details: '详情', back: '返回队列',
    assignTo: '分派给…', subscriptionHelp: '故障或投诉涉及的号码或宽带', noServices: '该客户没有业务', someone: '（已不在列表中的同事）', aService: '（已不在的业务）',
    field: { title: '标题', description: '描述', category: '分类', priority: '优先级', subscriptionId: '相关业务', assigneeId: '处理人', status: '状态', channel: '来源渠道', kind: '类型', mergedIntoId: '合并到', duplicateId: '重复工单' },
    change: { opened: '受理', status: '状态变更', assignee: '分派', priority: '优先级变更', fields: '修改', merged_into: '合并到其他工单', merged_from: '合并进重复工单' },
  },
  terms: {
    title: '服务时限与工作日历', intro: '工单按适用的服务时限计时：先看产品和客户等级都匹配的，再看只匹配产品的、只匹配等级的，最后是通用的。按工作时间计时的只在工作日的工作时间内走钟；待客户回复和已解决期间暂停计时。',
    policies: '服务时限', name: '名称', tier: '客户等级', anyTier: '所有等级', product: '产品', anyProduct: '所有产品',
    firstResponse: '首次响应', nextResponse: '再次响应', resolution: '解决', clock: '计时方式', clockBusiness: '工作时间', clockAlways: '全天候（7×24）',
    min: '分钟', hours: '{{n}} 小时', minutes: '{{n}} 分钟', inactive: '已停用', noPolicies: '还没有服务时限',
    edit: '编辑', save: '保存', cancel: '取消', add: '添加一条', remove: '删除', saved: '已保存服务时限，新受理或改了优先级的工单按新时限计时',
    removeHelp: '删除的时限会停用而不是删除：按它计时的工单仍显示它。',
    calendar: '工作日历', year: '年份', workingHours: '工作时间', opensAt: '上班时间', closesAt: '下班时间',
    hoursLine: '{{opensAt}}–{{closesAt}}，{{days}}', listSeparator: '、', dayWithWeekday: '{{day}}（{{weekday}}）', weekday: { 1: '周一', 2: '周二', 3: '周三', 4: '周四', 5: '周五', 6: '周六', 7: '周日' },
    days: '{{year}} 年的节假日与调休', published: '按国务院公布的安排', own: '本单位自定', backToPublished: '恢复为公布的安排',
    day: '日期', kind: '类型', holiday: '放假', workday: '调休上班', dayName: '名称', addDay: '添加一天', noDays: '这一年没有节假日记录',
    calendarHelp: '没有自定的年份按国务院公布的节假日和调休计算；自定后以本单位的为准。',
  },
  ticketKind: { fault: '故障申报', complaint: '投诉', inquiry: '咨询' },
  ticketStatus: { new: '新建', assigned: '已分派', in_progress: '处理中', waiting_on_customer: '待客户回复', resolved: '已解决', closed: '已关闭' },
  ticketPriority: { low: '低', normal: '普通', high: '高', urgent: '紧急' },
  slaStanding: { on_track: '时限内', at_risk: '即将超时', breached: '已超时', paused: '暂停计时', met: '按时完成' },
  timelineType: { 'ticket.opened': '受理工单', 'ticket.resolved': '工单已解决' },
  ...({
    auditAction: {
      'ticket.opened': '受理工单', 'ticket.changed': '修改工单', 'ticket.status_changed': '工单流转', 'ticket.resolved': '解决工单',
      'ticket.closed': '关闭工单', 'ticket.reopened': '重新打开工单', 'ticket.merged': '合并工单', 'ticket.message_added': '工单备注或回复',
      'sla.policies_changed': '修改服务时限', 'calendar.working_hours_changed': '修改工作时间', 'calendar.year_changed': '修改节假日与调休',
    },
    auditEntity: { ticket: '工单', sla_policy: '服务时限', calendar: '工作日历' },
  } satisfies AuditLabels<typeof serviceAudit>),
};

const en: Shape<typeof zhCN> = {
  menu: { tickets: 'Tickets', serviceTerms: 'SLA terms' },
  tickets: {
    title: 'Ticket queue', newTicket: 'New ticket', ticket: 'Ticket', kind: 'Kind', titleLabel: 'Title', titleRequired: 'Write what the ticket is about', description: 'Description',
    category: 'Category', categoryPlaceholder: 'e.g. broadband, billing, signal', priority: 'Priority', priorityDefault: 'Leave empty: urgent for key accounts, else normal', channel: 'Channel',
    customer: 'Customer', customerRequired: 'Choose the customer', customerPlaceholder: 'Search by customer number or name', assignee: 'Assignee', unassigned: 'Unassigned', mine: 'Mine only',
    status: 'Status', open: 'All still open', all: 'All', search: 'Search titles', empty: 'No tickets match', created: 'Ticket opened: {{title}}', createdAt: 'Opened',
    more: 'Load more', selected: '{{n}} selected', bulkAssign: 'Assign', bulkPriority: 'Set priority', bulkClose: 'Close', bulkDone: '{{n}} tickets changed',
    stepTo: 'Mark "{{status}}"', history: 'History', messages: 'Notes and replies', note: 'Internal note', reply: 'Reply to customer', send: 'Save', body: 'Text',
    merge: 'Merge a duplicate', mergeInto: 'Merge another ticket into this one as its duplicate', duplicate: 'Duplicate ticket', mergedInto: 'Merged into ticket', duplicates: 'Merged duplicates',
    replyHelp: 'A reply goes to the customer: by e-mail where an address is on file, else by SMS to their mobile; they also hear when the ticket is opened and resolved.', everyService: 'Every service', searchArchive: 'Search titles and descriptions', nextDue: 'SLA', sort: 'Order', sortNewest: 'Newest first', sortDue: 'Soonest due first', sla: 'SLA', firstResponseDue: 'First response due', resolutionDue: 'Resolution due', nextResponseDue: 'Next response due', noSla: 'No SLA applies',
    dueMet: 'Done {{at}}, in time', dueMissed: 'Done {{at}}, late', duePaused: 'Clock stopped since {{at}} (waiting on the customer, or resolved)', dueLate: 'Overdue',
    fromTicket: 'From ticket {{id}}', noHistory: 'Nothing yet', subscription: 'Service', details: 'Details', back: 'Back to the queue',
    assignTo: 'Assign to…', subscriptionHelp: 'The number or line the fault or complaint is about', noServices: 'This customer has no services', someone: '(a colleague no longer listed)', aService: '(a service no longer held)',
    field: { title: 'Title', description: 'Description', category: 'Category', priority: 'Priority', subscriptionId: 'Service', assigneeId: 'Assignee', status: 'Status', channel: 'Channel', kind: 'Kind', mergedIntoId: 'Merged into', duplicateId: 'Duplicate' },
    change: { opened: 'Opened', status: 'Status', assignee: 'Assigned', priority: 'Priority', fields: 'Changed', merged_into: 'Merged into another', merged_from: 'Duplicate merged in' },
  },
  terms: {
    title: 'SLA terms and working calendar', intro: 'Tickets are timed by the most specific policy: product and tier, then product, then tier, then the general one. A business-hours clock runs only in working hours on working days; it stops while waiting on the customer and once resolved.',
    policies: 'SLA policies', name: 'Name', tier: 'Customer tier', anyTier: 'Every tier', product: 'Product', anyProduct: 'Every product',
    firstResponse: 'First response', nextResponse: 'Next response', resolution: 'Resolution', clock: 'Clock', clockBusiness: 'Business hours', clockAlways: 'Around the clock (7×24)',
    min: 'min', hours: '{{n}} h', minutes: '{{n}} min', inactive: 'Switched off', noPolicies: 'No SLA policies yet',
    edit: 'Edit', save: 'Save', cancel: 'Cancel', add: 'Add one', remove: 'Remove', saved: 'SLA policies saved: tickets opened or re-prioritised from now follow them',
    removeHelp: 'A removed policy is switched off, not deleted: tickets timed by it still show it.',
    calendar: 'Working calendar', year: 'Year', workingHours: 'Working hours', opensAt: 'Opens at', closesAt: 'Closes at',
    hoursLine: '{{opensAt}}–{{closesAt}}, {{days}}', listSeparator: ', ', dayWithWeekday: '{{day}} ({{weekday}})', weekday: { 1: 'Mon', 2: 'Tue', 3: 'Wed', 4: 'Thu', 5: 'Fri', 6: 'Sat', 7: 'Sun' },
    days: 'Holidays and make-up days of {{year}}', published: 'As published by the State Council', own: 'Set here', backToPublished: 'Back to the published calendar',
    day: 'Date', kind: 'Kind', holiday: 'Day off', workday: 'Make-up working day', dayName: 'Name', addDay: 'Add a day', noDays: 'No holidays recorded for this year',
    calendarHelp: 'A year not set here follows the State Council\'s published holidays and make-up days; once set, the operator\'s own days count.',
  },
  ticketKind: { fault: 'Fault report', complaint: 'Complaint', inquiry: 'Inquiry' },
  ticketStatus: { new: 'New', assigned: 'Assigned', in_progress: 'In progress', waiting_on_customer: 'Waiting on customer', resolved: 'Resolved', closed: 'Closed' },
  ticketPriority: { low: 'Low', normal: 'Normal', high: 'High', urgent: 'Urgent' },
  slaStanding: { on_track: 'On track', at_risk: 'At risk', breached: 'Breached', paused: 'Paused', met: 'Met' },
  timelineType: { 'ticket.opened': 'Ticket opened', 'ticket.resolved': 'Ticket resolved' },
  auditAction: {
    'ticket.opened': 'Ticket opened', 'ticket.changed': 'Ticket changed', 'ticket.status_changed': 'Ticket status changed', 'ticket.resolved': 'Ticket resolved',
    'ticket.closed': 'Ticket closed', 'ticket.reopened': 'Ticket reopened', 'ticket.merged': 'Ticket merged', 'ticket.message_added': 'Ticket note or reply',
    'sla.policies_changed': 'SLA terms changed', 'calendar.working_hours_changed': 'Working hours changed', 'calendar.year_changed': 'Holidays and make-up days changed',
  },
  auditEntity: { ticket: 'Ticket', sla_policy: 'SLA terms', calendar: 'Working calendar' },
};

export const serviceMessages = { 'zh-CN': zhCN, en };
